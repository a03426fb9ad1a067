import { EmulatorHarness } from '../../testing/emulator-harness';
import { MicrosoftTestClient } from '../../testing/microsoft-client';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'busy@outlook.example';
const OTHER = 'calm@outlook.example';

/** Outlook's 4 requests in flight per mailbox, through @microsoft/microsoft-graph-client. */
describe('Graph mailbox concurrency (4 in flight, 429 MailboxConcurrency)', () => {
  const h = EmulatorHarness.forSuite();
  const ms = new MicrosoftTestClient(h);
  const settings = (body: Record<string, unknown>) => h.admin('PUT', '/microsoft/settings', body);
  /** Status (and the error) of a call that may fail. */
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => ({ status: 200 }) as { status: number; code?: string; retryAfter?: string | null },
      (e) => ({ status: e.statusCode as number, code: e.code as string, retryAfter: (e.headers as Headers | undefined)?.get('Retry-After') }),
    );

  it('answers the fifth overlapping request of a mailbox with 429 ApplicationThrottled and Retry-After; other mailboxes and /me are not held to it', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    const { graph: other } = await ms.accountWithToken(OTHER);
    expect((await h.admin('GET', '/microsoft/settings')).body).toEqual({ mailboxConcurrencyLimit: 4, latencyMs: 0 });
    await settings({ latencyMs: 300 });

    const calls = Array.from({ length: 5 }, () => outcome(graph.api('/me/contacts').get()));
    const sideBySide = [outcome(other.api('/me/contacts').get()), outcome(graph.api('/me').get())];
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(results.filter((r) => r.status === 429)).toEqual([{ status: 429, code: 'ApplicationThrottled', retryAfter: '1' }]);
    expect((await Promise.all(sideBySide)).map((r) => r.status)).toEqual([200, 200]);
    // Refused calls count, as the provider would have counted them.
    expect((await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['graph.contacts.list']).toBe(5);
    // Once the others are done there is room again.
    expect((await outcome(graph.api('/me/contacts').get())).status).toBe(200);
  });

  it('counts $batch requests one by one: a lone batch runs 4 at a time and fits; with a limit of 2 half of 4 parallel entries get 429', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    await settings({ latencyMs: 150 });
    const gets = (n: number) => ({ requests: Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me/contacts' })) });
    const statuses = async (n: number) => ((await graph.api('/$batch').post(gets(n))).responses as { status: number }[]).map((r) => r.status).sort();
    expect(await statuses(8)).toEqual(Array(8).fill(200));

    await settings({ mailboxConcurrencyLimit: 2 });
    expect(await statuses(4)).toEqual([200, 200, 429, 429]);
    // A batch beside direct calls shares the mailbox's places.
    await settings({ mailboxConcurrencyLimit: 4, latencyMs: 400 });
    const direct = [outcome(graph.api('/me/contacts').get()), outcome(graph.api('/me/contacts').get())];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await statuses(4)).toEqual([200, 200, 429, 429]);
    expect((await Promise.all(direct)).map((r) => r.status)).toEqual([200, 200]);
  });

  it('a limit of 0 turns the limit off; the settings are validated and reset', async () => {
    const { graph } = await ms.accountWithToken(EMAIL);
    expect((await settings({ mailboxConcurrencyLimit: 0, latencyMs: 150 })).body).toEqual({ mailboxConcurrencyLimit: 0, latencyMs: 150 });
    const results = await Promise.all(Array.from({ length: 8 }, () => outcome(graph.api('/me/contacts').get())));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await settings({ mailboxConcurrencyLimit: -1 })).status).toBe(400);
    expect((await settings({ latencyMs: 'slow' })).status).toBe(400);
    await h.admin('POST', '/reset');
    expect((await h.admin('GET', '/microsoft/settings')).body).toEqual({ mailboxConcurrencyLimit: 4, latencyMs: 0 });
  });
});
