import { eventually } from '@contact-sync/testing';
import { FaultWorld } from './fault-world';

/**
 * Health and metrics on the real processes, on their own InfraInstance (the broker is stopped here,
 * never the shared one): after a sync ingest exports its run metrics; with the broker stopped,
 * contacts stays ready and serves and edits persons (its events wait in its outbox), ingest and
 * writeback (pure consumers) are not ready, and everything reports the broker down.
 */
jest.setTimeout(900_000);

const get = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
};
/** A metric line's value by name and exact label set; undefined when absent. */
const sample = (text: string, name: string, labels = '') => {
  const line = text.split('\n').find((l) => (labels ? l.startsWith(`${name}{${labels}}`) : l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('health and metrics on the running services', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await FaultWorld.create({ ownInfra: true });
  });
  afterAll(async () => {
    await world?.close();
  });

  const url = (service: 'accounts' | 'ingest' | 'contacts' | 'writeback') => world.stack.services[service].url;

  it('after a sync, ingest exports its run metrics and contacts its HTTP latency by route template', async () => {
    const account = await world.seedAndConnect('google', 120);
    await world.start(account);
    await world.settle(account);
    const ingest = (await get(`${url('ingest')}/metrics`)).text;
    expect(sample(ingest, 'contact_sync_sync_runs_total', 'provider="google",kind="full",outcome="succeeded"')).toBeGreaterThanOrEqual(1);
    expect(sample(ingest, 'contact_sync_sync_run_duration_seconds_count', 'provider="google",kind="full"')).toBeGreaterThanOrEqual(1);
    expect(sample(ingest, 'contact_sync_syncs_due_unclaimed')).toBe(0);
    expect(sample(ingest, 'contact_sync_accounts_reconnect_needed')).toBe(0);
    expect(sample(ingest, 'contact_sync_kafka_consumer_up', 'consumer="ingest-consumer"')).toBe(1);
    await world.user.expectOk(world.user.contacts('GET', '/persons?limit=5'));
    const contacts = (await get(`${url('contacts')}/metrics`)).text;
    expect(sample(contacts, 'contact_sync_http_request_duration_seconds_count', 'method="GET",route="/persons",status_class="2xx"')).toBeGreaterThanOrEqual(1);
    // Ingest's photo uploads went through contacts' internal route, by template.
    expect(contacts).not.toMatch(/route="\/internal\/photos\/[0-9a-f]{64}"/);
  });

  it('the broker stops: contacts stays ready and serves persons; the consumers are not ready; all report the broker down', async () => {
    await world.instance!.stopComponent('kafka');
    try {
      // The consumers' readiness sees the broker gone (admin round trip, 2 s bound).
      for (const service of ['ingest', 'writeback'] as const) {
        await eventually(async () => expect((await get(`${url(service)}/health/ready`)).status).toBe(503), { timeoutMs: 60_000 });
      }
      for (const service of ['contacts', 'accounts'] as const) {
        const ready = await get(`${url(service)}/health/ready`);
        expect({ service, status: ready.status }).toEqual({ service, status: 200 });
        const dependencies = await get(`${url(service)}/health/dependencies`);
        expect(dependencies.status).toBe(503);
        expect(JSON.parse(dependencies.text)).toMatchObject({ error: { kafka: { status: 'down' } }, info: { mongodb: { status: 'up' } } });
        expect(sample((await get(`${url(service)}/metrics`)).text, 'contact_sync_kafka_broker_up')).toBe(0);
      }
      // The CRM reads and edits persons meanwhile.
      const page = await world.user.expectOk<{ items: { id: string }[] }>(world.user.contacts('GET', '/persons?limit=5'));
      expect(page.items.length).toBeGreaterThan(0);
      const created = await world.user.expectOk<{ id: string }>(world.user.contacts('POST', '/persons', { name: 'Made while the broker was away' }), 201);
      await world.user.expectOk(world.user.contacts('PATCH', `/persons/${created.id}`, { jobTitle: 'Still editable' }));
      // Liveness holds: nothing a restart would cure.
      for (const service of ['contacts', 'accounts', 'ingest', 'writeback'] as const) {
        expect({ service, status: (await get(`${url(service)}/health/live`)).status }).toEqual({ service, status: 200 });
      }
    } finally {
      await world.instance!.startComponent('kafka');
    }
    for (const service of ['ingest', 'writeback', 'contacts', 'accounts'] as const) {
      await eventually(async () => expect((await get(`${url(service)}/health/dependencies`)).status).toBe(200), { timeoutMs: 180_000, intervalMs: 1000 });
    }
  });
});
