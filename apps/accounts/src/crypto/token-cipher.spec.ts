import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenCipher } from './token-cipher';
import { OAuthStateSigner } from '../oauth/oauth-state';
import type { AccountsConfig } from '../config/accounts-env.schema';

const key = () => randomBytes(32).toString('base64');
const config = { TOKEN_ENCRYPTION_KEYS: `k1:${key()}`, OAUTH_STATE_SECRET: 'x'.repeat(32) } as AccountsConfig;

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
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'acc1')).toThrow();
  });

  it('names its key in the ciphertext and refuses a truncated authentication tag', () => {
    const sealed = cipher.encrypt('secret', 'acc1');
    expect(sealed.split('.').slice(0, 2)).toEqual(['v2', 'k1']);
    const parts = sealed.split('.');
    // A 4-byte tag: without an enforced tag length, GCM would accept it and forgery gets easy.
    parts[3] = Buffer.from(parts[3] as string, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'acc1')).toThrow(/authentication tag/);
  });

  it('encrypts with the first key and decrypts with any listed; a retired key is named in the error', () => {
    const [a, b] = [key(), key()];
    const old = new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `old:${a}` });
    const both = new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `new:${b},old:${a}` });
    const sealedOld = old.encrypt('refresh', 'acc1');
    expect(both.decrypt(sealedOld, 'acc1')).toBe('refresh');
    expect(both.needsReencryption(sealedOld)).toBe(true);
    const sealedNew = both.encrypt('refresh', 'acc1');
    expect(sealedNew.split('.')[1]).toBe('new');
    expect(both.needsReencryption(sealedNew)).toBe(false);
    expect(() => new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `new:${b}` }).decrypt(sealedOld, 'acc1')).toThrow(/key "old", which is not among/);
  });

  it('still reads the v1 format (no key id) with whichever listed key opens it', () => {
    const [a, b] = [key(), key()];
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', Buffer.from(a, 'base64'), iv);
    c.setAAD(Buffer.from('acc1'));
    const body = Buffer.concat([c.update('legacy', 'utf8'), c.final()]);
    const v1 = ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    const cipherAB = new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `b:${b},a:${a}` });
    expect(cipherAB.decrypt(v1, 'acc1')).toBe('legacy');
    expect(cipherAB.needsReencryption(v1)).toBe(true);
    expect(() => new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `b:${b}` }).decrypt(v1, 'acc1')).toThrow(/no configured key/);
  });

  it('picks up a rewritten key file without a restart, and keeps the last good keys when the file breaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-keys-'));
    const file = join(dir, 'keys');
    const [a, b] = [key(), key()];
    writeFileSync(file, `# token keys\nold:${a}\n`);
    const live = new TokenCipher({ TOKEN_ENCRYPTION_KEYS_FILE: file });
    const sealedOld = live.encrypt('refresh', 'acc1');
    // Replaced the way Kubernetes does it (a new file swapped in), with the new key first.
    writeFileSync(`${file}.next`, `new:${b}\nold:${a}\n`);
    renameSync(`${file}.next`, file);
    await until(() => live.primaryKeyId === 'new');
    expect(live.decrypt(sealedOld, 'acc1')).toBe('refresh');
    writeFileSync(`${file}.next`, 'new:not-a-key\n');
    renameSync(`${file}.next`, file);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(live.primaryKeyId).toBe('new');
    expect(live.decrypt(live.encrypt('x', 'acc1'), 'acc1')).toBe('x');
  });

  it('refuses at start-up a key list it cannot use', () => {
    expect(() => new TokenCipher({ TOKEN_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/32 random bytes/);
    expect(() => new TokenCipher({ TOKEN_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}` })).toThrow(/given twice/);
    expect(() => new TokenCipher({ TOKEN_ENCRYPTION_KEYS: key() })).toThrow(/kid:value/);
  });
});

/** Polls (bounded) until the condition holds: the key file is re-read at most once a second. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(condition()).toBe(true);
}

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
