import { randomBytes } from 'node:crypto';
import { TokenCipher } from './token-cipher';
import { OAuthStateSigner } from '../oauth/oauth-state';
import type { AccountsConfig } from '../config/accounts-env.schema';

const config = { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), OAUTH_STATE_SECRET: 'x'.repeat(32) } as AccountsConfig;

describe('TokenCipher', () => {
  const cipher = new TokenCipher(config);

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.encrypt('1//refresh-token', 'acc1');
    expect(sealed).not.toContain('refresh');
    expect(cipher.decrypt(sealed, 'acc1')).toBe('1//refresh-token');
  });

  it('refuses a ciphertext moved to another account or tampered with', () => {
    const sealed = cipher.encrypt('secret', 'acc1');
    expect(() => cipher.decrypt(sealed, 'acc2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'acc1')).toThrow();
  });
});

describe('OAuthStateSigner', () => {
  const signer = new OAuthStateSigner(config);

  it('accepts its own state and refuses tampered or expired ones', () => {
    const state = signer.sign({ attemptId: 'a1', expiresAt: Date.now() + 60_000 });
    expect(signer.verify(state).attemptId).toBe('a1');
    const [body, sig] = state.split('.');
    const forged = Buffer.from(JSON.stringify({ attemptId: 'a2', expiresAt: Date.now() + 60_000 })).toString('base64url');
    expect(() => signer.verify(`${forged}.${sig}`)).toThrow(/signature/);
    expect(() => signer.verify(`${body}`)).toThrow(/malformed/);
    expect(() => signer.verify(signer.sign({ attemptId: 'a1', expiresAt: Date.now() - 1 }))).toThrow(/expired/);
  });
});
