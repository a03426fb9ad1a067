import { randomUUID } from 'node:crypto';
import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { GoogleContactsWriter, GoogleOAuthProvider, googleEmulatorEndpoints } from '@contact-sync/provider-adapters';
import { CrmUser, DirectoryAdmin, EMULATOR_GOOGLE_CLIENT, EmulatorAdmin, eventually, MicrosoftEmulatorAdmin, requireInfraEnv, startLocalStack, type AdminHttp, type LocalStack } from '@contact-sync/testing';
import { consumerGroupId } from '@contact-sync/platform';
import { emulatorAccessToken } from '../baseline';
import { untilGroupStable } from '../consumer-ready';
import { percentile } from '../visibility/latency';

/**
 * Write-back, one run on this machine (BENCH_SUITES=writeback):
 * - latency from a CRM edit (PATCH /persons/:id answered) to the edit being visible at the emulator,
 *   over BENCH_WRITEBACK_EDITS (default 1,000) edits spread over 10 accounts (Google and Microsoft
 *   alternating), each account editing its person one edit after the other, accounts side by side;
 * - provider writes per CRM edit (emulator counters);
 * - an initial push of BENCH_PUSH_PERSONS (default 5,000) CRM-created persons to Google: persons made
 *   while writeback is stopped (their changes wait in Kafka), then writeback started, timed from its
 *   consumer joining the group (process start and join reported apart) to the last contact at the
 *   emulator; against the floor: the same contacts sent straight to the emulator with
 *   batchCreateContacts (200 per call) through the same client, just before and just after the
 *   push (the ratio is to their mean).
 */
const EDITS = Number(process.env.BENCH_WRITEBACK_EDITS ?? 1_000);
const ACCOUNTS = 10;
const PUSH = Number(process.env.BENCH_PUSH_PERSONS ?? 5_000);
const WRITE_OPS = ['people.createContact', 'people.updateContact', 'people.deleteContact', 'people.batchCreateContacts', 'graph.contacts.create', 'graph.contacts.update', 'graph.contacts.delete', 'graph.batch'];

export interface WritebackBenchResult {
  edits: number;
  accounts: number;
  latencyMs: { p50: number; p95: number; max: number };
  providerWritesPerEdit: number;
  /** pipelineMs: from the writeback consumer group being Stable (joined) to the last contact at the provider; bootMs: process start to that moment. */
  /** floorMs: the mean of the floor measured just before writeback starts and just after the push (both kept: the machine's load drifts). */
  push: { persons: number; pipelineMs: number; bootMs: number; floorMs: number; floorBeforeMs: number; floorAfterMs: number; ratio: number; providerCalls: number };
}

interface Synced {
  user: CrmUser;
  provider: 'google' | 'microsoft';
  email: string;
  accountId: string;
  /** The job title the provider holds for the account's only contact. */
  title(): Promise<string | undefined>;
  /** The emulator's admin client of the account's provider (its change sequence). */
  admin: AdminHttp;
}

const pushPerson = (i: number) => ({
  name: `Pushed${i} Person${i % 997}`, firstName: `Pushed${i}`, lastName: `Person${i % 997}`,
  emails: [{ value: `pushed${i}@work${i % 50}.example`, label: 'work' }], phones: [{ value: `+1 555 ${String(i).padStart(7, '0')}`, label: 'mobile' }],
  organization: `Company ${i % 200}`, jobTitle: 'Engineer', birthday: `${1980 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
});

/** The canonical contact writeback sends for pushPerson(i) (what the floor sends too). */
const pushContact = (i: number): CanonicalContact => {
  const p = pushPerson(i);
  return {
    ...emptyContact(),
    name: { displayName: p.name, givenName: p.firstName, familyName: p.lastName },
    emails: p.emails, phones: p.phones, organization: { name: p.organization }, jobTitle: p.jobTitle,
    birthday: { year: 1980 + (i % 30), month: 1 + (i % 12), day: 1 + (i % 28) },
  };
};

async function writes(emulatorUrl: string, email: string): Promise<number> {
  const admin = new EmulatorAdmin(emulatorUrl);
  let n = 0;
  for (const op of WRITE_OPS) n += await admin.requestCount(email, op);
  return n;
}

async function connectTwoWay(stack: LocalStack, directory: DirectoryAdmin, company: string, provider: 'google' | 'microsoft', i: number): Promise<Synced> {
  const user = new CrmUser(`wb-${i}-${randomUUID().slice(0, 6)}`, company, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
  await directory.user(company, user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
  const email = `wb${i}-${randomUUID().slice(0, 6)}@bench.example`;
  let groupId: string;
  let title: () => Promise<string | undefined>;
  let providerAdmin: AdminHttp;
  if (provider === 'google') {
    const admin = new EmulatorAdmin(stack.emulatorUrl);
    providerAdmin = admin;
    await admin.createAccount(email);
    groupId = await admin.createGroup(email, 'Clients');
    title = async () => ((await admin.people(email))[0]?.organizations as { title?: string }[] | undefined)?.[0]?.title;
  } else {
    const admin = new MicrosoftEmulatorAdmin(stack.emulatorUrl);
    providerAdmin = admin;
    await admin.createAccount(email);
    groupId = await admin.createFolder(email, 'Clients');
    title = async () => (await admin.contacts(email))[0]?.jobTitle as string | undefined;
  }
  const accountId = (await user.connect(provider, email)).id;
  await user.expectOk(user.accounts('PUT', `/accounts/${accountId}/sync-config`, { groupId, direction: 'two_way', visibility: 'owner_only' }));
  await user.expectOk(user.accounts('POST', `/accounts/${accountId}/sync/start`), 202);
  await eventually(async () => {
    const d = (await user.expectOk<{ dashboard: { state: string } }>(user.accounts('GET', `/accounts/${accountId}`))).dashboard;
    if (d.state !== 'synced') throw new Error(`first run: ${d.state}`);
  }, { timeoutMs: 120_000 });
  return { user, provider, email, accountId, title, admin: providerAdmin };
}

async function latency(stack: LocalStack, accounts: Synced[]): Promise<{ samples: number[]; writes: number }> {
  const persons = await Promise.all(accounts.map(async (a) => {
    const p = await a.user.expectOk<{ id: string }>(a.user.contacts('POST', '/persons', { name: `Edited ${a.accountId}`, jobTitle: 'start' }), 201);
    await eventually(async () => {
      if ((await a.title()) !== 'start') throw new Error('not at the provider yet');
    }, { timeoutMs: 60_000, intervalMs: 50 });
    return p.id;
  }));
  const before = (await Promise.all(accounts.map((a) => writes(stack.emulatorUrl, a.email)))).reduce((x, y) => x + y, 0);
  const samples: number[] = [];
  const perAccount = Math.ceil(EDITS / accounts.length);
  await Promise.all(accounts.map(async (a, k) => {
    for (let i = 0; i < perAccount && k * perAccount + i < EDITS; i++) {
      const value = `title ${i}`;
      let seq = await a.admin.changeSeq(a.email);
      const t0 = performance.now();
      await a.user.expectOk(a.user.contacts('PATCH', `/persons/${persons[k]}`, { jobTitle: value }));
      // Woken by the emulator at each change of the account: polling it every 10 ms per account
      // loaded the very process whose writes were timed.
      const deadline = t0 + 60_000;
      while ((await a.title()) !== value) {
        if (performance.now() > deadline) throw new Error(`edit ${i} of ${a.email} not visible after 60 s`);
        seq = await a.admin.nextChange(a.email, seq);
      }
      samples.push(performance.now() - t0);
    }
  }));
  await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate write would show in the counters by now
  const after = (await Promise.all(accounts.map((a) => writes(stack.emulatorUrl, a.email)))).reduce((x, y) => x + y, 0);
  return { samples, writes: after - before };
}

async function push(stack: LocalStack, account: Synced): Promise<{ ms: number; bootMs: number; calls: number; floorBeforeMs: number; floorAfterMs: number }> {
  const writeback = stack.services.writeback;
  await writeback.stop();
  const queue = Array.from({ length: PUSH }, (_, i) => i);
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) await account.user.expectOk(account.user.contacts('POST', '/persons', pushPerson(i)), 201);
  }));
  const admin = new EmulatorAdmin(stack.emulatorUrl);
  const callsBefore = await writes(stack.emulatorUrl, account.email);
  // The floor right before and right after the push: on a shared machine the load moves between them.
  const floorBeforeMs = await floor(stack.emulatorUrl);
  const t0 = performance.now();
  // Watched from the start: the consumer may begin writing before start() returns.
  const ready = untilGroupStable(requireInfraEnv().kafkaBrokers, consumerGroupId('writeback', stack.namespace)).then(() => performance.now());
  await writeback.start();
  await eventually(async () => {
    const n = await admin.liveCount(account.email);
    if (n < PUSH) throw new Error(`${n} of ${PUSH} at the provider`);
  }, { timeoutMs: 30 * 60_000, intervalMs: 50 });
  const end = performance.now();
  const readyAt = await ready;
  const calls = (await writes(stack.emulatorUrl, account.email)) - callsBefore;
  return { ms: end - readyAt, bootMs: readyAt - t0, calls, floorBeforeMs, floorAfterMs: await floor(stack.emulatorUrl) };
}

/** The same contacts straight to the emulator through the same client, 200 per batchCreateContacts. */
async function floor(emulatorUrl: string): Promise<number> {
  const email = `floor-${randomUUID().slice(0, 6)}@bench.example`;
  const admin = new EmulatorAdmin(emulatorUrl);
  await admin.createAccount(email);
  const groupId = await admin.createGroup(email, 'Clients');
  const endpoints = googleEmulatorEndpoints(emulatorUrl);
  const token = await emulatorAccessToken(new GoogleOAuthProvider({ ...endpoints, clientId: EMULATOR_GOOGLE_CLIENT.id, clientSecret: EMULATOR_GOOGLE_CLIENT.secret }), email);
  const writer = new GoogleContactsWriter(endpoints.apiRootUrl);
  const t0 = performance.now();
  for (let i = 0; i < PUSH; i += writer.maxCreateBatch) {
    await writer.createMany(token, groupId, Array.from({ length: Math.min(writer.maxCreateBatch, PUSH - i) }, (_, k) => pushContact(i + k)));
  }
  return performance.now() - t0;
}

export async function runWritebackBench(): Promise<WritebackBenchResult> {
  const stack = await startLocalStack({ env: { ingest: { SYNC_INTERVAL_MS: String(3_600_000) } } });
  try {
    const company = `wb-co-${randomUUID().slice(0, 6)}`;
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(company, 'professional');
    process.stderr.write(`write-back: connecting ${ACCOUNTS} two-way accounts...\n`);
    const accounts = await Promise.all(Array.from({ length: ACCOUNTS }, (_, i) => connectTwoWay(stack, directory, company, i % 2 === 0 ? 'google' : 'microsoft', i)));
    process.stderr.write(`write-back: ${EDITS} edits...\n`);
    const lat = await latency(stack, accounts);
    process.stderr.write(`write-back: initial push of ${PUSH} persons...\n`);
    const pushAccount = await connectTwoWay(stack, directory, company, 'google', ACCOUNTS);
    const pushed = await push(stack, pushAccount);
    const floorMs = (pushed.floorBeforeMs + pushed.floorAfterMs) / 2;
    const sorted = [...lat.samples].sort((a, b) => a - b);
    const result: WritebackBenchResult = {
      edits: lat.samples.length,
      accounts: ACCOUNTS,
      latencyMs: { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)), max: Math.round(sorted.at(-1) ?? 0) },
      providerWritesPerEdit: +(lat.writes / lat.samples.length).toFixed(2),
      push: { persons: PUSH, pipelineMs: Math.round(pushed.ms), bootMs: Math.round(pushed.bootMs), floorMs: Math.round(floorMs), floorBeforeMs: Math.round(pushed.floorBeforeMs), floorAfterMs: Math.round(pushed.floorAfterMs), ratio: +(pushed.ms / floorMs).toFixed(2), providerCalls: pushed.calls },
    };
    process.stdout.write(`
Write-back (one run, this machine)
  CRM edit → visible at the emulator, ${result.edits} edits over ${ACCOUNTS} accounts: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, max ${result.latencyMs.max} ms
  provider writes per CRM edit                 ${result.providerWritesPerEdit}
  initial push of ${PUSH} CRM-created persons to Google: ${(result.push.pipelineMs / 1000).toFixed(1)} s in ${result.push.providerCalls} provider write calls
    (from the writeback consumer joining its group; process start and group join before that: ${(result.push.bootMs / 1000).toFixed(1)} s)
  floor: the same contacts with batchCreateContacts (200 per call), same client: ${(result.push.floorMs / 1000).toFixed(1)} s (mean of ${(result.push.floorBeforeMs / 1000).toFixed(1)} s just before and ${(result.push.floorAfterMs / 1000).toFixed(1)} s just after)   ratio ${result.push.ratio}×
`);
    return result;
  } finally {
    await stack.stop();
  }
}
