import { accountsEnvSchema } from '../config/accounts-env.schema';
import { refreshOrFullResync } from './rate-limit-action';
import { userLimitKey, userLimitsFrom } from './user-limits';

const required = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  PUBLIC_URL: 'http://localhost:3001',
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  OAUTH_STATE_SECRET: 'x'.repeat(32),
  INTERNAL_API_CLIENTS: `ingest accounts.tokens ${'s'.repeat(43)}`,
  INTERNAL_API_KEY: `accounts.${'k'.repeat(43)}`,
  CONTACTS_INTERNAL_URL: 'http://localhost:3003',
  GOOGLE_CLIENT_ID: 'id',
  GOOGLE_CLIENT_SECRET: 'secret',
  ACTOR_JWT_SECRET: 'z'.repeat(32),
};

describe('per-user limits', () => {
  it('default to 20 connects and 30 refreshes an hour, 4 full resyncs a day', () => {
    const env = accountsEnvSchema.parse(required);
    expect(userLimitsFrom(env)).toEqual({
      connect: { limit: 20, windowMs: 3_600_000 },
      refresh: { limit: 30, windowMs: 3_600_000 },
      full_resync: { limit: 4, windowMs: 86_400_000 },
    });
  });

  it('refuse a limit or window of 0 at start-up, naming the variable', () => {
    const result = accountsEnvSchema.safeParse({ ...required, USER_LIMIT_REFRESH: '0', USER_LIMIT_CONNECT_WINDOW_SECONDS: '0' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['USER_LIMIT_CONNECT_WINDOW_SECONDS', 'USER_LIMIT_REFRESH']);
  });

  it('count per company, user and action', () => {
    expect(userLimitKey('co1', 'u1', 'refresh')).toBe('refresh|co1|u1');
    expect(userLimitKey('co1', 'u1', 'refresh')).not.toBe(userLimitKey('co1', 'u2', 'refresh'));
    expect(userLimitKey('co1', 'u1', 'refresh')).not.toBe(userLimitKey('co2', 'u1', 'refresh'));
  });

  it('count a refresh with full: true as a full resync, anything else as a refresh', () => {
    expect(refreshOrFullResync({ full: true })).toBe('full_resync');
    expect(refreshOrFullResync({ full: false })).toBe('refresh');
    expect(refreshOrFullResync({})).toBe('refresh');
    expect(refreshOrFullResync(undefined)).toBe('refresh');
    expect(refreshOrFullResync({ full: 'true' })).toBe('refresh');
  });
});
