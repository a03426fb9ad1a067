import type { Model } from 'mongoose';
import type { Account } from '../accounts/account.schema';
import type { OAuthAttempt } from '../oauth/oauth-attempt.schema';
import type { TokenCipher } from './token-cipher';

export interface ReencryptionReport {
  accounts: number;
  attempts: number;
  /** Rows a token refresh or a callback rewrote meanwhile: already under the new key, or re-done by the next run. */
  changedMeanwhile: number;
}

/**
 * Rewrites every stored ciphertext made with another key than the primary one, so the old key can
 * be retired with no user reconnecting. Each row is replaced only if it still holds the ciphertexts
 * read (a refresh racing with this keeps its own tokens, which it sealed with the primary key).
 */
export async function reencryptTokens(cipher: TokenCipher, accounts: Model<Account>, attempts: Model<OAuthAttempt>): Promise<ReencryptionReport> {
  const report: ReencryptionReport = { accounts: 0, attempts: 0, changedMeanwhile: 0 };
  const sealedFields = ['refreshTokenSealed', 'accessTokenSealed'] as const;
  for await (const doc of accounts.find({ $or: sealedFields.map((f) => ({ [f]: { $type: 'string' } })) }, { refreshTokenSealed: 1, accessTokenSealed: 1 }).lean().cursor()) {
    const id = String(doc._id);
    const stale = sealedFields.filter((f) => typeof doc[f] === 'string' && cipher.needsReencryption(doc[f] as string));
    if (stale.length === 0) continue;
    const filter = Object.fromEntries(stale.map((f) => [f, doc[f]]));
    const update = Object.fromEntries(stale.map((f) => [f, cipher.encrypt(cipher.decrypt(doc[f] as string, id), id)]));
    const res = await accounts.updateOne({ _id: doc._id, ...filter }, { $set: update }, { timestamps: false });
    if (res.modifiedCount === 1) report.accounts += 1;
    else report.changedMeanwhile += 1;
  }
  // Attempts live minutes; a pending one still needs its verifier after the old key is gone.
  for await (const doc of attempts.find({ consumedAt: null }, { accountId: 1, codeVerifierSealed: 1 }).lean().cursor()) {
    if (!cipher.needsReencryption(doc.codeVerifierSealed)) continue;
    const resealed = cipher.encrypt(cipher.decrypt(doc.codeVerifierSealed, doc.accountId), doc.accountId);
    const res = await attempts.updateOne({ _id: doc._id, codeVerifierSealed: doc.codeVerifierSealed }, { $set: { codeVerifierSealed: resealed } });
    if (res.modifiedCount === 1) report.attempts += 1;
    else report.changedMeanwhile += 1;
  }
  return report;
}
