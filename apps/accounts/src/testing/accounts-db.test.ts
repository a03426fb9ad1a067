import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { AnyEvent } from '@contact-sync/events';
import type { EventPublisher } from '@contact-sync/platform';
import { requireInfraEnv } from '@contact-sync/testing';
import { Account, AccountSchema } from '../accounts/account.schema';
import { OAuthAttempt, OAuthAttemptSchema } from '../oauth/oauth-attempt.schema';
import { TokenCipher } from '../crypto/token-cipher';

/** A throw-away database on the shared test server (real MongoDB wire protocol, real FerretDB). */
export async function openTestDb(): Promise<{ conn: Connection; accounts: Model<Account>; attempts: Model<OAuthAttempt>; close: () => Promise<void> }> {
  const { mongoUri } = requireInfraEnv();
  const conn = await mongoose.createConnection(mongoUri, { dbName: `accounts_test_${randomUUID().slice(0, 8)}` }).asPromise();
  const accounts = conn.model(Account.name, AccountSchema);
  const attempts = conn.model(OAuthAttempt.name, OAuthAttemptSchema);
  await accounts.init();
  return {
    conn,
    accounts,
    attempts,
    close: async () => {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

/** Broker stand-in that records what reached it and can be told to fail (a broker outage). */
export class RecordingPublisher {
  readonly published: AnyEvent[] = [];
  failures = 0;

  async publish(...events: AnyEvent[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable (test)');
    }
    this.published.push(...events);
  }

  asPublisher(): EventPublisher {
    return this as unknown as EventPublisher;
  }
}

export const testCipher = (): TokenCipher =>
  new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}` });
