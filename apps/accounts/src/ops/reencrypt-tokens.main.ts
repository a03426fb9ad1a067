import mongoose from 'mongoose';
import { Account, AccountSchema } from '../accounts/account.schema';
import { TokenCipher } from '../crypto/token-cipher';
import { reencryptTokens } from '../crypto/token-reencryption';
import { OAuthAttempt, OAuthAttemptSchema } from '../oauth/oauth-attempt.schema';

/**
 * `npm run tokens:reencrypt` with the accounts service's MONGODB_URI (and MONGODB_DB when set) and
 * its TOKEN_ENCRYPTION_KEYS or TOKEN_ENCRYPTION_KEYS_FILE, the new key listed first; in an image:
 * `node dist/apps/accounts/src/ops/reencrypt-tokens.main.js`. Safe to run while the service runs,
 * and again: rows already under the primary key are left alone.
 */
async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI must be set');
  const cipher = new TokenCipher({ TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS || undefined, TOKEN_ENCRYPTION_KEYS_FILE: process.env.TOKEN_ENCRYPTION_KEYS_FILE || undefined });
  const conn = await mongoose.createConnection(uri, { dbName: process.env.MONGODB_DB || 'contact-sync-accounts', serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const report = await reencryptTokens(cipher, conn.model(Account.name, AccountSchema), conn.model(OAuthAttempt.name, OAuthAttemptSchema));
    process.stdout.write(`tokens:reencrypt: primary key "${cipher.primaryKeyId}"; accounts rewritten ${report.accounts}, pending attempts rewritten ${report.attempts}, changed meanwhile (run again to be sure) ${report.changedMeanwhile}\n`);
  } finally {
    await conn.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`tokens:reencrypt failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
