import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mongo } from 'mongoose';
import { CrmUser, DirectoryAdmin, eventually, httpJson, startLocalStack, WORKSPACE_ROOT, type LocalStack, type PersonView } from '@contact-sync/testing';
import { GoogleScenario } from '../scenarios/google-scenario';

/**
 * Keys rotate on the running stack: no service restarts and no user reconnects. Token-encryption
 * keys come from a file accounts re-reads when it changes (as a mounted Kubernetes Secret is
 * updated): a new key is listed first, `tokens:reencrypt` rewrites what the old key sealed, the old
 * key is removed, and the account keeps syncing.
 */
jest.setTimeout(180_000);

const run = promisify(execFile);
const kidOf = (sealed: unknown) => String(sealed).split('.').slice(0, 2).join('.');

describe('key rotation without a restart', () => {
  let stack: LocalStack;
  let scenario: GoogleScenario;
  let user: CrmUser;
  let accountId: string;
  let db: mongo.MongoClient;
  const accounts = () => db.db(`${stack.namespace}_accounts`).collection('accounts');
  const sealed = async () => (await accounts().findOne({ _id: new mongo.ObjectId(accountId) }, { projection: { refreshTokenSealed: 1, accessTokenSealed: 1 } }))!;
  /** Rewritten the way Kubernetes updates a mounted Secret: a new file swapped in. */
  const writeKeys = (lines: string[]) => {
    writeFileSync(`${stack.tokenKeysFile}.next`, `${lines.join('\n')}\n`, { mode: 0o600 });
    renameSync(`${stack.tokenKeysFile}.next`, stack.tokenKeysFile);
  };
  const forceRefresh = () => httpJson<{ accessToken: string }>('POST', `${stack.accountsUrl}/internal/accounts/${accountId}/access-token?force=true`, undefined, { authorization: `Bearer ${stack.internalApiToken}` });

  beforeAll(async () => {
    stack = await startLocalStack();
    scenario = new GoogleScenario(stack.emulatorUrl);
    db = await new mongo.MongoClient(stack.infra.mongoUri).connect();
    user = new CrmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(user.companyId, 'professional');
    await directory.user(user.companyId, user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    const groups = await scenario.setup();
    accountId = (await user.connect('google', scenario.email)).id;
    await user.expectOk(user.accounts('PUT', `/accounts/${accountId}/sync-config`, { groupId: groups.clients, direction: 'one_way', visibility: 'owner_only' }));
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/start`), 202);
    await eventually(async () => expect((await user.allPersons()).some((p) => p.name === 'Stays Simple')).toBe(true));
  });

  afterAll(async () => {
    await db?.close();
    await stack?.stop();
  });

  it('token-encryption key: new key first, re-encryption, old key removed; the account keeps syncing', async () => {
    const oldLine = readFileSync(stack.tokenKeysFile, 'utf8').trim();
    expect(kidOf((await sealed()).refreshTokenSealed)).toBe('v2.local');
    const underOldKey = (await sealed()).refreshTokenSealed as string;

    // 1. The new key listed first, 2. the operator's command against the running service's database and key file.
    writeKeys([`new:${randomBytes(32).toString('base64')}`, oldLine]);
    const { stdout } = await run(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/accounts/src/ops/reencrypt-tokens.main.js')], {
      env: { ...process.env, MONGODB_URI: stack.infra.mongoUri, MONGODB_DB: `${stack.namespace}_accounts`, TOKEN_ENCRYPTION_KEYS_FILE: stack.tokenKeysFile },
    });
    expect(stdout).toMatch(/primary key "new"; accounts rewritten 1,/);
    expect(kidOf((await sealed()).refreshTokenSealed)).toBe('v2.new');
    expect(kidOf((await sealed()).accessTokenSealed)).toBe('v2.new');
    // The running service opens them: it re-read the file (it would not know key "new" otherwise).
    await eventually(async () => expect((await forceRefresh()).status).toBe(200));
    expect(kidOf((await sealed()).accessTokenSealed)).toBe('v2.new');

    // 3. The old key retired. Proof it is gone: a ciphertext it made no longer opens.
    const current = (await sealed()).refreshTokenSealed;
    writeKeys([readFileSync(stack.tokenKeysFile, 'utf8').split('\n')[0] as string]);
    await eventually(async () => {
      // Put back each time: a refresh that still succeeded (before the reload) stored fresh tokens.
      await accounts().updateOne({ _id: new mongo.ObjectId(accountId) }, { $set: { refreshTokenSealed: underOldKey } });
      expect((await forceRefresh()).status).toBe(500);
    });
    await accounts().updateOne({ _id: new mongo.ObjectId(accountId) }, { $set: { refreshTokenSealed: current } });

    // 4. Nobody reconnects: tokens refresh and a provider edit still arrives.
    expect((await forceRefresh()).status).toBe(200);
    await scenario.rename('stays', 'Stays', 'Rotated');
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/refresh`, { full: false }), 202);
    const persons: PersonView[] = await eventually(async () => {
      const all = await user.allPersons();
      expect(all.map((p) => p.name)).toContain('Stays Rotated');
      return all;
    });
    expect(persons.map((p) => p.name)).not.toContain('Stays Simple');
    const account = await user.expectOk<{ status: string }>(user.accounts('GET', `/accounts/${accountId}`));
    expect(account.status).toBe('connected');
  });
});
