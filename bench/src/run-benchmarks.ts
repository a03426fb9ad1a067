import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrmUser, DirectoryAdmin, eventually, requireInfraEnv, startLocalStack, WORKSPACE_ROOT } from '@contact-sync/testing';
import { topicName } from '@contact-sync/events';
import { consumerGroupId } from '@contact-sync/platform';
import { runBaseline } from './baseline';
import { consumerLag } from './consumer-lag';
import { mongoWrites, writesBetween } from './metrics-scrape';
import type { BenchProvider } from './providers/bench-provider';
import { GoogleBench } from './providers/google-bench';
import { MicrosoftBench } from './providers/microsoft-bench';
import { runVisibilityBench, type VisibilityResult } from './visibility/visibility-bench';
import { runWritebackBench, type WritebackBenchResult } from './writeback/writeback-bench';

/**
 * `npm run bench` runs the suites in BENCH_SUITES (default sync,visibility,writeback).
 *
 * sync: per provider (BENCH_PROVIDERS, default google,microsoft), a full sync of
 * BENCH_CONTACTS (default 25,000) contacts through the whole pipeline (emulator → ingest → Kafka →
 * contacts → MongoDB) against a baseline that only pages the emulator with the same driver and
 * bulk-writes the same documents; then the cost of a refresh when nothing changed. Each provider
 * gets a fresh stack and databases. Figures come from one run on this machine: compare ratios.
 *
 * visibility (visibility/visibility-bench.ts): person list latency per kind of reader among
 * BENCH_VISIBILITY_PERSONS (default 100,000) persons of one company, with the query plan as evidence.
 *
 * writeback (writeback/writeback-bench.ts): CRM edit → provider latency over 10 accounts, provider
 * writes per edit, and an initial push of CRM-created persons against batchCreateContacts.
 */
const SUITES = ['sync', 'visibility', 'writeback'] as const;
const N = Number(process.env.BENCH_CONTACTS ?? 25_000);
const PROVIDERS: Record<string, (emulatorUrl: string) => BenchProvider> = {
  google: (url) => new GoogleBench(url),
  microsoft: (url) => new MicrosoftBench(url),
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function rssMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = text.match(/^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/m);
  return m ? Number(m[1]) / 1024 / 1024 : 0;
}

async function benchmark(makeProvider: (emulatorUrl: string) => BenchProvider) {
  const infra = requireInfraEnv();
  const stack = await startLocalStack({ env: { ingest: { SYNC_INTERVAL_MS: String(3_600_000) } } });
  const provider = makeProvider(stack.emulatorUrl);
  const { ingest, contacts, accounts } = stack.services;
  try {
    process.stderr.write(`${provider.label}: seeding ${N} contacts...\n`);
    await provider.seed(N);

    // ---- pipeline: full sync of the whole address book
    const user = new CrmUser(`bench-${randomUUID().slice(0, 8)}`, 'bench-co', { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(user.companyId, 'professional');
    await directory.user(user.companyId, user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    const account = await user.connect(provider.kind, provider.email);
    await user.expectOk(user.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId: null, direction: 'one_way', visibility: 'owner_only' }));
    const peakRss = { ingest: 0, contacts: 0 };
    const sampler = setInterval(() => {
      void rssMb(ingest.url).then((v) => (peakRss.ingest = Math.max(peakRss.ingest, v))).catch(() => undefined);
      void rssMb(contacts.url).then((v) => (peakRss.contacts = Math.max(peakRss.contacts, v))).catch(() => undefined);
    }, 500);
    process.stderr.write(`${provider.label}: pipeline full sync...\n`);
    const t0 = performance.now();
    await user.expectOk(user.accounts('POST', `/accounts/${account.id}/sync/start`), 202);
    // Done when ingest reported the run and contacts has consumed every change. Kafka is asked, not
    // the database: polling a count would load the very server being measured.
    const changes = topicName('providerContactChanges', stack.namespace);
    await eventually(
      async () => {
        const a = await user.expectOk<{ dashboard: { lastRun: { status: string } | null } }>(user.accounts('GET', `/accounts/${account.id}`));
        if (a.dashboard.lastRun?.status !== 'succeeded') throw new Error('ingest still pulling');
        const lag = await consumerLag(infra.kafkaBrokers, consumerGroupId('contacts', stack.namespace), changes);
        if (lag > 0) throw new Error(`contacts lag ${lag}`);
      },
      { timeoutMs: 60 * 60_000, intervalMs: 500 },
    );
    const pipelineMs = performance.now() - t0;
    clearInterval(sampler);
    const total = (await user.expectOk<{ total: number }>(user.contacts('GET', '/persons?limit=1'))).total;
    if (total !== N) throw new Error(`pipeline finished with ${total} persons, expected ${N}`);
    const dashboard = await eventually(async () => {
      const a = await user.expectOk<{ dashboard: { state: string; lastRun: { syncRunId: string }; totals: { crm: number } } }>(user.accounts('GET', `/accounts/${account.id}`));
      if (a.dashboard.state !== 'synced') throw new Error('waiting for the dashboard to say synced');
      return a.dashboard;
    });

    // ---- no-op refresh: nothing changed at the provider
    const requestsBefore = await provider.requestCount();
    const writesBefore = { ingest: await mongoWrites(ingest.url), contacts: await mongoWrites(contacts.url), accounts: await mongoWrites(accounts.url) };
    const t1 = performance.now();
    await user.expectOk(user.accounts('POST', `/accounts/${account.id}/sync/refresh`, {}), 202);
    await eventually(async () => {
      const a = await user.expectOk<{ dashboard: { lastRun: { syncRunId: string } | null } }>(user.accounts('GET', `/accounts/${account.id}`));
      if (a.dashboard.lastRun?.syncRunId === dashboard.lastRun.syncRunId) throw new Error('waiting for the refresh');
    });
    const noopMs = performance.now() - t1;
    await new Promise((r) => setTimeout(r, 2000)); // anything the refresh published would have landed by now
    const noop = {
      providerRequests: (await provider.requestCount()) - requestsBefore,
      writes: {
        ingest: writesBetween(writesBefore.ingest, await mongoWrites(ingest.url)),
        contacts: writesBetween(writesBefore.contacts, await mongoWrites(contacts.url)),
        accounts: writesBetween(writesBefore.accounts, await mongoWrites(accounts.url)),
      },
    };

    // ---- baseline on the same emulator data and database server
    process.stderr.write(`${provider.label}: baseline...\n`);
    const baseline = await runBaseline(provider, infra.mongoUri, `${stack.namespace}_baseline`);
    const result = {
      provider: provider.kind,
      contacts: N,
      pipelineMs: Math.round(pipelineMs),
      baselineUpsertMs: Math.round(baseline.upsertMs),
      baselineInsertMs: Math.round(baseline.insertMs),
      ratioVsUpsertBaseline: +(pipelineMs / baseline.upsertMs).toFixed(2),
      ratioVsInsertBaseline: +(pipelineMs / baseline.insertMs).toFixed(2),
      peakRssMb: { ingest: Math.round(peakRss.ingest), contacts: Math.round(peakRss.contacts) },
      noopRefresh: { ms: Math.round(noopMs), ...noop },
      contactsInSync: dashboard.totals.crm,
    };
    process.stdout.write(`
${provider.label} full sync of ${N} contacts (one run, this machine)
  pipeline (emulator → ingest → Kafka → contacts → MongoDB)   ${fmt(pipelineMs)}
  baseline: page emulator + bulk upserts by _id                ${fmt(baseline.upsertMs)}   ratio ${result.ratioVsUpsertBaseline}×
  floor:    page emulator + insertMany into empty collection   ${fmt(baseline.insertMs)}   ratio ${result.ratioVsInsertBaseline}×
  peak RSS during the sync: ingest ${result.peakRssMb.ingest} MB, contacts ${result.peakRssMb.contacts} MB

${provider.label} no-op refresh (nothing changed at the provider)
  wall time until the dashboard shows the run   ${fmt(noopMs)}
  provider requests                             ${noop.providerRequests}
  database writes: ingest ${noop.writes.ingest.total}, contacts ${noop.writes.contacts.total}, accounts ${noop.writes.accounts.total}
    ingest:   ${noop.writes.ingest.by}
    contacts: ${noop.writes.contacts.by}
    accounts: ${noop.writes.accounts.by}
`);
    return result;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const suites = (process.env.BENCH_SUITES ?? SUITES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknownSuites = suites.filter((s) => !(SUITES as readonly string[]).includes(s));
  if (unknownSuites.length) throw new Error(`BENCH_SUITES: unknown ${unknownSuites.join(', ')} (known: ${SUITES.join(', ')})`);
  const names = suites.includes('sync') ? (process.env.BENCH_PROVIDERS ?? 'google,microsoft').split(',').map((s) => s.trim()).filter(Boolean) : [];
  const makers = names.map((n) => PROVIDERS[n]);
  const unknown = names.filter((_, i) => !makers[i]);
  if (unknown.length) throw new Error(`BENCH_PROVIDERS: unknown ${unknown.join(', ')} (known: ${Object.keys(PROVIDERS).join(', ')})`);
  const results = [];
  for (const make of makers) if (make) results.push(await benchmark(make));
  let visibility: VisibilityResult | undefined;
  if (suites.includes('visibility')) visibility = await runVisibilityBench();
  let writeback: WritebackBenchResult | undefined;
  if (suites.includes('writeback')) writeback = await runWritebackBench();
  const out = join(WORKSPACE_ROOT, '.cache/bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify({ date: new Date().toISOString(), results, ...(visibility ? { visibility } : {}), ...(writeback ? { writeback } : {}) }, null, 2));
  process.stdout.write(`\nresults: ${join(out, 'results.json')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
