import { EmulatorHarness } from '../../testing/emulator-harness';

// A harness limit for a loaded machine, not a performance assertion.
jest.setTimeout(60_000);

const EMAIL = 'timing@example.com';
const opts = { retry: false } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Google settings that model time: latency, sequential mutations, write propagation delay. */
describe('Google settings: sequentialMutations, writePropagationDelayMs, latencyMs', () => {
  const h = EmulatorHarness.forSuite();
  const settings = (body: Record<string, unknown>) => h.admin('PUT', '/google/settings', body);
  const create = (api: Awaited<ReturnType<EmulatorHarness['accountWithToken']>>['api'], givenName: string) =>
    api.people.createContact({ requestBody: { names: [{ givenName }] } }, opts).then(
      (r) => r.status,
      (e) => e.response,
    );

  it('without sequentialMutations, overlapping mutations of one account all succeed (the default)', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    await settings({ latencyMs: 150 });
    expect(await Promise.all([create(api, 'A'), create(api, 'B'), create(api, 'C')])).toEqual([200, 200, 200]);
  });

  it('with sequentialMutations, a mutation that overlaps another of the same account gets 409 ABORTED; reads and sequential writes pass', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    expect((await settings({ sequentialMutations: true, latencyMs: 400 })).body).toMatchObject({ sequentialMutations: true, latencyMs: 400 });
    const first = create(api, 'First');
    await sleep(50);
    const [second, read] = await Promise.all([create(api, 'Second'), api.people.getBatchGet({ resourceNames: ['people/c1'], personFields: 'names' }, opts).then((r) => r.status)]);
    expect(await first).toBe(200);
    expect(read).toBe(200);
    expect(second.status).toBe(409);
    expect(second.data.error).toMatchObject({ code: 409, status: 'ABORTED', details: [expect.objectContaining({ reason: 'ABORTED' })] });
    // One after the other is fine; the refused call was counted.
    expect(await create(api, 'Third')).toBe(200);
    expect((await h.admin('GET', `/requests?account=${EMAIL}`)).body.byOperation['people.createContact']).toBe(3);
    expect((await h.admin('GET', `/google/accounts/${EMAIL}/people`)).body.people.map((p: { names: { givenName: string }[] }) => p.names[0]!.givenName)).toEqual(['First', 'Third']);
  });

  it('writePropagationDelayMs: our write shows in sync results only after the delay; people.get and getBatchGet see it at once', async () => {
    const { api } = await h.accountWithToken(EMAIL);
    const [old] = (await h.admin('POST', `/google/accounts/${EMAIL}/people`, { people: [{ names: [{ givenName: 'Old' }] }] })).body.resourceNames;
    const { nextSyncToken } = await h.listAll(api, { personFields: 'names', requestSyncToken: true });
    await settings({ writePropagationDelayMs: 1000 });

    const created = (await api.people.createContact({ requestBody: { names: [{ givenName: 'Fresh' }] } }, opts)).data;
    expect((await api.people.get({ resourceName: created.resourceName!, personFields: 'names' }, opts)).data.names?.[0]?.givenName).toBe('Fresh');
    expect((await api.people.getBatchGet({ resourceNames: [created.resourceName!], personFields: 'names' }, opts)).data.responses?.[0]?.httpStatusCode).toBe(200);

    const early = await h.listAll(api, { personFields: 'names', syncToken: nextSyncToken, requestSyncToken: true });
    expect(early.persons).toEqual([]);
    const full = await h.listAll(api, { personFields: 'names', requestSyncToken: true });
    expect(full.persons.map((p) => p.resourceName)).toEqual([old]);

    await sleep(1100);
    // Neither token skipped the write: it comes with the next sync of both.
    for (const token of [early.nextSyncToken, full.nextSyncToken]) {
      const later = await h.listAll(api, { personFields: 'names', syncToken: token });
      expect(later.persons.map((p) => p.resourceName)).toEqual([created.resourceName]);
    }
    expect((await h.listAll(api, { personFields: 'names' })).persons).toHaveLength(2);
  });

  it('validates the settings and resets them to off', async () => {
    expect((await settings({ sequentialMutations: 'yes' })).status).toBe(400);
    expect((await settings({ writePropagationDelayMs: -1 })).status).toBe(400);
    expect((await settings({ latencyMs: 60_001 })).status).toBe(400);
    await settings({ sequentialMutations: true, writePropagationDelayMs: 10, latencyMs: 5 });
    await h.admin('POST', '/reset');
    expect((await h.admin('GET', '/google/settings')).body).toMatchObject({ sequentialMutations: false, writePropagationDelayMs: 0, latencyMs: 0 });
  });
});
