import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mongo } from 'mongoose';
import { CrmUser, DirectoryAdmin, eventually, httpJson, newInternalKey, signActorTokenRs256, startLocalStack, WORKSPACE_ROOT, type LocalStack, type PersonView } from '@contact-sync/testing';
import { GoogleScenario } from '../scenarios/google-scenario';

/**
 * Keys rotate on the running stack: no service restarts and no user reconnects. Key material comes
 * from files the services re-read when they change (as a mounted Kubernetes Secret is updated).
 * - Token-encryption keys: a new key is listed first, `tokens:reencrypt` rewrites what the old key
 *   sealed, the old key is removed, and the account keeps syncing.
 * - The CRM's token-signing keys (RS256, a JWKS file): tokens name their key; a new key is published
 *   beside the old, the CRM signs with it, the old one is withdrawn. Tokens are pinned to an issuer
 *   and an audience, as production requires.
 * - Service credentials: each caller has its own, each internal API its audience; a caller's new
 *   key is accepted beside the old, the caller switches, the old one is withdrawn.
 */
jest.setTimeout(180_000);

const run = promisify(execFile);
const kidOf = (sealed: unknown) => String(sealed).split('.').slice(0, 2).join('.');
const ISSUER = 'https://crm.test';
const AUDIENCE = 'contact-sync';
const rsaKey = (kid: string) => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return { kid, privateKey: pair.privateKey, jwk: { ...createPublicKey(pair.publicKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
};
/** Swapped in whole, the way Kubernetes updates a mounted Secret. */
const replaceFile = (file: string, content: string) => {
  writeFileSync(`${file}.next`, content, { mode: 0o600 });
  renameSync(`${file}.next`, file);
};

describe('credentials and keys on the running stack', () => {
  let stack: LocalStack;
  let scenario: GoogleScenario;
  let user: CrmUser;
  let accountId: string;
  let db: mongo.MongoClient;
  const jwksFile = join(WORKSPACE_ROOT, '.cache', `jwks-${randomUUID().slice(0, 8)}.json`);
  const k1 = rsaKey('crm-2026-11');
  const k2 = rsaKey('crm-2026-12');
  /** The key the CRM signs with now. */
  let crmKey = k1;
  const publish = (...keys: (typeof k1)[]) => replaceFile(jwksFile, JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  const tokenFor = (u: CrmUser, key: typeof k1, claims: { audience?: string; issuer?: string } = {}) =>
    signActorTokenRs256({ userId: u.userId, companyId: u.companyId }, { privateKey: key.privateKey, kid: key.kid, issuer: claims.issuer ?? ISSUER, audience: claims.audience ?? AUDIENCE }, 600);
  /** The CRM signs with whichever key it has switched to (a CrmUser keeps its token until it nears expiry). */
  const crmUser = (userId: string, companyId: string) =>
    new CrmUser(userId, companyId, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, (actor, ttl) =>
      signActorTokenRs256(actor, { privateKey: crmKey.privateKey, kid: crmKey.kid, issuer: ISSUER, audience: AUDIENCE }, ttl));
  const asUser = (token: string, path: string) => httpJson<{ message?: string }>('GET', `${stack.contactsUrl}${path}`, undefined, { authorization: `Bearer ${token}` });
  const accounts = () => db.db(`${stack.namespace}_accounts`).collection('accounts');
  const sealed = async () => (await accounts().findOne({ _id: new mongo.ObjectId(accountId) }, { projection: { refreshTokenSealed: 1, accessTokenSealed: 1 } }))!;
  const writeKeys = (lines: string[]) => replaceFile(stack.tokenKeysFile, `${lines.join('\n')}\n`);
  const forceRefresh = () => httpJson<{ accessToken: string }>('POST', `${stack.accountsUrl}/internal/accounts/${accountId}/access-token?force=true`, undefined, { authorization: `Bearer ${stack.internal.keys.ingest}` });

  beforeAll(async () => {
    publish(k1);
    const actorToken = { ACTOR_JWT_ALGORITHM: 'RS256', ACTOR_JWT_SECRET: '', ACTOR_JWT_JWKS_FILE: jwksFile, ACTOR_JWT_ISSUER: ISSUER, ACTOR_JWT_AUDIENCE: AUDIENCE };
    stack = await startLocalStack({ env: { accounts: actorToken, contacts: actorToken } });
    scenario = new GoogleScenario(stack.emulatorUrl);
    db = await new mongo.MongoClient(stack.infra.mongoUri).connect();
    user = crmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`);
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

  it('acting-user tokens: another audience or issuer, an unknown key id are refused with 401 saying why', async () => {
    expect((await asUser(tokenFor(user, k1), '/persons')).status).toBe(200);
    const otherAudience = await asUser(tokenFor(user, k1, { audience: 'billing' }), '/persons');
    expect(otherAudience).toMatchObject({ status: 401, body: { message: 'actor token is for another audience (aud)' } });
    const accountsRefusal = await httpJson<{ message: string }>('GET', `${stack.accountsUrl}/accounts`, undefined, { authorization: `Bearer ${tokenFor(user, k1, { audience: 'billing' })}` });
    expect(accountsRefusal).toMatchObject({ status: 401, body: { message: 'actor token is for another audience (aud)' } });
    const otherIssuer = await asUser(tokenFor(user, k1, { issuer: 'https://elsewhere.test' }), '/persons');
    expect(otherIssuer).toMatchObject({ status: 401, body: { message: 'actor token is from another issuer (iss)' } });
    const unknownKey = await asUser(tokenFor(user, k2), '/persons');
    expect(unknownKey).toMatchObject({ status: 401, body: { message: `actor token is signed with an unknown key (kid "${k2.kid}")` } });
  });

  it('the CRM\'s signing key: new key published, signing switched, old key withdrawn, without a restart', async () => {
    const pidsBefore = [stack.services.accounts.pid, stack.services.contacts.pid];
    publish(k2, k1);
    await eventually(async () => expect((await asUser(tokenFor(user, k2), '/persons')).status).toBe(200));
    // Both keys valid meanwhile: tokens issued before the switch keep working until they expire.
    expect((await asUser(tokenFor(user, k1), '/persons')).status).toBe(200);
    crmKey = k2;
    publish(k2);
    await eventually(async () => expect((await asUser(tokenFor(user, k1), '/persons')).status).toBe(401));
    const refused = await asUser(tokenFor(user, k1), '/persons');
    expect(refused.body.message).toBe(`actor token is signed with an unknown key (kid "${k1.kid}")`);
    // The user goes on, through both services, with tokens signed by the new key.
    user = crmUser(user.userId, user.companyId);
    await user.expectOk(user.accounts('GET', '/accounts'));
    await user.expectOk(user.contacts('GET', '/persons'));
    expect([stack.services.accounts.pid, stack.services.contacts.pid]).toEqual(pidsBefore);
  });

  it('token-encryption key: new key first, re-encryption, old key removed; the account keeps syncing', async () => {
    const pidBefore = stack.services.accounts.pid;
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
    expect(stack.services.accounts.pid).toBe(pidBefore);
  });

  it('each caller its own credential: ingest\'s cannot administer the directory, the CRM core\'s cannot get mailbox tokens', async () => {
    const call = (method: string, url: string, key: string) => httpJson<{ message: string }>(method, url, method === 'PUT' ? { plan: 'enterprise' } : undefined, { authorization: `Bearer ${key}` });
    const tokenApi = `${stack.accountsUrl}/internal/accounts/${accountId}/access-token`;
    const directory = `${stack.contactsUrl}/internal/directory/companies/${user.companyId}`;
    const { keys } = stack.internal;
    // accounts lists only ingest and writeback: any other credential is unknown there.
    expect(await call('POST', tokenApi, keys['crm-core'])).toMatchObject({ status: 401, body: { message: expect.stringMatching(/credential missing or wrong/) } });
    expect((await call('POST', tokenApi, keys.operator)).status).toBe(401);
    expect((await call('POST', tokenApi, keys.ingest)).status).toBe(200);
    expect(await call('PUT', directory, keys.ingest)).toMatchObject({ status: 403, body: { message: 'caller "ingest" may not call contacts.directory' } });
    // accounts reads a user's access, and may not change the directory (it could grant itself anything).
    expect((await call('GET', `${directory}/users/${user.userId}/access`, keys.accounts)).status).toBe(200);
    expect((await call('PUT', directory, keys.accounts)).status).toBe(403);
    expect((await call('GET', `${directory}/users/${user.userId}/access`, keys.ingest)).status).toBe(403);
    // A known caller with a wrong secret, or no credential at all: 401.
    expect((await call('POST', tokenApi, `ingest.${'x'.repeat(43)}`)).status).toBe(401);
    expect((await httpJson('POST', tokenApi)).status).toBe(401);
  });

  it('a service credential rotates without a restart: new key beside the old, the caller switches, the old one withdrawn', async () => {
    const pids = [stack.services.accounts.pid, stack.services.contacts.pid, stack.services.ingest.pid];
    const { keys, files, clientsText } = stack.internal;
    const oldKey = keys.ingest;
    const newKey = newInternalKey('ingest');
    const tokenApi = `${stack.accountsUrl}/internal/accounts/${accountId}/access-token`;
    const asIngest = (key: string) => httpJson('POST', tokenApi, undefined, { authorization: `Bearer ${key}` });
    replaceFile(files.clients.accounts, clientsText('accounts', { ...keys, ingest: [oldKey, newKey] }));
    replaceFile(files.clients.contacts, clientsText('contacts', { ...keys, ingest: [oldKey, newKey] }));
    await eventually(async () => expect((await asIngest(newKey)).status).toBe(200));
    replaceFile(files.keys.ingest, `${newKey}\n`);
    keys.ingest = newKey;
    replaceFile(files.clients.accounts, clientsText('accounts', keys));
    replaceFile(files.clients.contacts, clientsText('contacts', keys));
    await eventually(async () => expect((await asIngest(oldKey)).status).toBe(401));
    // Ingest goes on with its new key: its cached access token is made to expire, so the pass has
    // to ask accounts for a new one; the provider edit arrives.
    await scenario.admin.expireAccessTokens(scenario.email);
    await scenario.rename('edited', 'Edited', 'AfterServiceKey');
    await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/refresh`, { full: false }), 202);
    await eventually(async () => expect((await user.allPersons()).map((p) => p.name)).toContain('Edited AfterServiceKey'));
    expect([stack.services.accounts.pid, stack.services.contacts.pid, stack.services.ingest.pid]).toEqual(pids);
  });
});
