import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DirectoryAdmin } from './directory-admin';

describe('DirectoryAdmin', () => {
  let server: Server;
  let base: string;
  const received: { method: string; url: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
  /** Status the stub answers with: 204 for DELETE and follower PUTs, as the directory API does. */
  let override: number | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
        const status = override ?? (req.method === 'DELETE' || req.url!.includes('/followers/') ? 204 : 200);
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 204 ? undefined : JSON.stringify({ status }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    override = undefined;
  });

  it('calls the internal directory API with the internal token', async () => {
    const directory = new DirectoryAdmin(base, 'internal-token-of-24-characters');
    await directory.company('c1', 'professional', 'Demo');
    await directory.company('c2', 'essential');
    await directory.role('c1', 'sales', 'Sales', null);
    await directory.role('c1', 'sales-eu', 'Sales EU', 'sales');
    await directory.user('c1', 'u1', { roleId: 'sales', globalAdmin: false, permissions: { addPeople: true, addOrganizations: false } });
    await directory.access('c1', 'u1');
    await directory.follow('c1', 'p1', 'u2');
    await directory.unfollow('c1', 'p1', 'u2');
    await directory.deleteUser('c1', 'u1');
    await directory.deleteRole('c1', 'sales');
    await directory.deleteCompany('c1');
    expect(received.map((r) => [`${r.method} ${r.url}`, r.body])).toEqual([
      ['PUT /internal/directory/companies/c1', { plan: 'professional', name: 'Demo' }],
      ['PUT /internal/directory/companies/c2', { plan: 'essential' }],
      ['PUT /internal/directory/companies/c1/roles/sales', { name: 'Sales', parentRoleId: null }],
      ['PUT /internal/directory/companies/c1/roles/sales-eu', { name: 'Sales EU', parentRoleId: 'sales' }],
      ['PUT /internal/directory/companies/c1/users/u1', { roleId: 'sales', globalAdmin: false, permissions: { addPeople: true, addOrganizations: false } }],
      ['GET /internal/directory/companies/c1/users/u1/access', undefined],
      ['PUT /internal/directory/companies/c1/persons/p1/followers/u2', undefined],
      ['DELETE /internal/directory/companies/c1/persons/p1/followers/u2', undefined],
      ['DELETE /internal/directory/companies/c1/users/u1', undefined],
      ['DELETE /internal/directory/companies/c1/roles/sales', undefined],
      ['DELETE /internal/directory/companies/c1', undefined],
    ]);
    expect(new Set(received.map((r) => r.headers.authorization))).toEqual(new Set(['Bearer internal-token-of-24-characters']));
  });

  it('throws with the status and body on an unexpected answer', async () => {
    override = 409;
    await expect(new DirectoryAdmin(base, 't').deleteRole('c1', 'sales')).rejects.toThrow('directory DELETE c1/roles/sales: expected 204, got 409 {"status":409}');
  });
});
