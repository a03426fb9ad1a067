import { authenticateInternalCaller, parseInternalClients, parseInternalKey } from './internal-api-credentials';

const s1 = 'a'.repeat(43);
const s2 = 'b'.repeat(43);

describe('internal API credentials', () => {
  it('authenticates a caller by any of its listed secrets, with its audiences', () => {
    const clients = parseInternalClients(`# who may call contacts\ncrm-core contacts.directory ${s1}\naccounts contacts.directory.read+contacts.sync-status ${s2}; accounts contacts.sync-status+contacts.directory.read ${s1}`);
    expect(authenticateInternalCaller(clients, `crm-core.${s1}`)).toEqual({ caller: 'crm-core', audiences: new Set(['contacts.directory']) });
    // Two secrets while one rotates: both open.
    expect(authenticateInternalCaller(clients, `accounts.${s2}`)?.caller).toBe('accounts');
    expect(authenticateInternalCaller(clients, `accounts.${s1}`)?.audiences).toEqual(new Set(['contacts.directory.read', 'contacts.sync-status']));
  });

  it('refuses a wrong secret, another caller\'s secret, an unknown caller and a bearer without a caller', () => {
    const clients = parseInternalClients(`crm-core contacts.directory ${s1}\ningest contacts.photos ${s2}`);
    expect(authenticateInternalCaller(clients, `crm-core.${s2}`)).toBeNull();
    expect(authenticateInternalCaller(clients, `crm-core.${s1}x`)).toBeNull();
    expect(authenticateInternalCaller(clients, `writeback.${s1}`)).toBeNull();
    expect(authenticateInternalCaller(clients, s1)).toBeNull();
  });

  it('refuses lists it cannot use, saying why', () => {
    expect(() => parseInternalClients('')).toThrow(/no client given/);
    expect(() => parseInternalClients(`ingest ${s1}`)).toThrow(/is not "<caller> <audience>/);
    expect(() => parseInternalClients(`ingest contacts.everything ${s1}`)).toThrow(/unknown audience "contacts.everything"/);
    expect(() => parseInternalClients('ingest contacts.photos short')).toThrow(/at least 32 characters/);
    expect(() => parseInternalClients(`Ingest contacts.photos ${s1}`)).toThrow(/a-z, 0-9 and - only/);
    expect(() => parseInternalClients(`ingest contacts.photos ${s1}\ningest contacts.directory ${s2}`)).toThrow(/listed with different audiences/);
  });

  it('a key is <caller>.<secret>', () => {
    expect(parseInternalKey(` ingest.${s1}\n`)).toBe(`ingest.${s1}`);
    expect(() => parseInternalKey(s1)).toThrow(/must be "<caller>.<secret>"/);
    expect(() => parseInternalKey(`ingest.${s1}.x`)).toThrow(/must be/);
  });
});
