import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, type EventEnvelope, type EventPayload } from '@contact-sync/events';
import { AccessTokenClient, EventPublisher, ProviderBudget, SERVICE_CONFIG } from '@contact-sync/platform';
import { ProviderError, type ContactProviderWriter, type ProviderContactVersion } from '@contact-sync/provider-adapters';
import type { WritebackConfig } from '../config/writeback-env.schema';
import { AccountLeaseRepository } from '../lease/account-lease.repository';
import { CONTACT_WRITERS, type ContactWriters } from '../providers/contact-writers.provider';
import { WritebackStateRepository, type KnownWrite } from '../state/writeback-state.repository';
import { AccountBatcher } from './account-batcher';
import { DELETED, deleteDecision, keptBy, writeBaseOf, writeChange, type WriteOutcome } from './provider-write';
import { classify, failedResult, isRetriableItem, toResult, type Failure } from './write-results';

type Change = EventEnvelope<'crm-person.changed'>;
type Result = EventPayload<'writeback.completed'>;

/** Waits of one write on a throttled or failing provider (Retry-After honoured, capped), before it is reported as failed. */
const TRANSIENT_ATTEMPTS = 4;
const MAX_WAIT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Carries CRM person changes to the provider, one account at a time (AccountBatcher in this
 * replica, a lease per account across replicas), and reports each result (`writeback.completed`).
 * Versions only move forward: a redelivered or older change is skipped, and of several changes of
 * one person in a chunk only the newest is written (each carries the whole person). New persons
 * and deletes queued together go out in the provider's batch calls; updates one by one (each is a
 * read-merge-write at the contact's version, docs/decisions.md). The result is recorded before it is
 * published, so a crash in between republishes it instead of writing again.
 */
@Injectable()
export class WritebackService {
  private readonly logger = new Logger(WritebackService.name);
  /** One run per account at a time (in this replica), under the account's lease (across replicas). */
  private readonly batcher: AccountBatcher<Change>;

  constructor(
    private readonly states: WritebackStateRepository,
    private readonly tokens: AccessTokenClient,
    private readonly events: EventPublisher,
    private readonly leases: AccountLeaseRepository,
    @Inject(CONTACT_WRITERS) private readonly writers: ContactWriters,
    @Inject(SERVICE_CONFIG) private readonly config: WritebackConfig,
    private readonly budget: ProviderBudget,
  ) {
    this.batcher = new AccountBatcher<Change>((accountId, changes) => this.leases.withLease(accountId, () => this.handleAccount(accountId, changes)), config.WRITEBACK_LINGER_MS);
  }

  /** A chunk of one partition: accounts side by side, each account's changes in order. */
  async handleMany(events: Change[]): Promise<void> {
    const byAccount = new Map<string, Change[]>();
    for (const e of events) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
    await Promise.all([...byAccount].map(([accountId, changes]) => this.batcher.submit(accountId, changes)));
  }

  private async handleAccount(accountId: string, changes: Change[]): Promise<void> {
    const newest = new Map<string, Change>();
    for (const c of changes) {
      const kept = newest.get(c.payload.personId);
      if (!kept || c.payload.personVersion > kept.payload.personVersion) newest.set(c.payload.personId, c);
    }
    const due: { event: Change; known: KnownWrite | null }[] = [];
    const states = await this.states.getMany(accountId, [...newest.keys()]);
    for (const event of newest.values()) {
      const known = states.get(event.payload.personId) ?? null;
      if (known && event.payload.personVersion <= known.lastVersion) {
        if (known.pendingResult && known.lastVersion === event.payload.personVersion) await this.report(event, known.pendingResult);
        continue;
      }
      due.push({ event, known });
    }
    const creates = due.filter(({ event, known }) => isPlainCreate(event, known));
    const deletes = due.filter(({ event }) => event.payload.change === 'delete');
    const writer = this.writers.get(changes[0]?.payload.provider ?? 'google');
    const fresh = new Set(creates.filter((c) => c.known === null).map((c) => c.event.payload.personId));
    const batched = creates.length >= 2 ? await this.createInBatches(accountId, writer, creates.map((c) => c.event), fresh) : new Set<Change>();
    const batchedDeletes = deletes.length >= 2 ? await this.deleteInBatches(accountId, writer, deletes) : new Set<Change>();
    for (const { event, known } of due) if (!batched.has(event) && !batchedDeletes.has(event)) await this.handleOne(event, known);
  }

  private async handleOne(event: Change, known: KnownWrite | null): Promise<void> {
    await this.finish(event, await this.attempt(event, known));
  }

  private finish(event: Change, result: Result): Promise<void> {
    return this.finishMany(event.accountId, [{ event, result }]);
  }

  /** Records the results (before publishing: a crash in between republishes, never rewrites), publishes them in one send. */
  private async finishMany(accountId: string, done: { event: Change; result: Result }[], fresh?: ReadonlySet<string>): Promise<void> {
    await this.recordResults(accountId, done, fresh);
    await this.announce(accountId, done);
  }

  /** The results made durable: what a redelivery would need to republish instead of writing again. */
  private async recordResults(accountId: string, done: { event: Change; result: Result }[], fresh?: ReadonlySet<string>): Promise<void> {
    if (done.length === 0) return;
    await this.states.recordMany(
      accountId,
      done.map(({ event, result }) => ({
        personId: event.payload.personId,
        version: event.payload.personVersion,
        write: {
          ...(result.outcome === 'failed' ? {} : { externalId: result.externalId, etag: result.etag, base: result.contact, deleted: result.outcome === 'deleted' }),
          pendingResult: result,
        },
      })),
      fresh,
    );
  }

  /** Recorded results published in one send, then their pending marks cleared. */
  private async announce(accountId: string, done: { event: Change; result: Result }[]): Promise<void> {
    if (done.length === 0) return;
    await this.events.publish(...done.map(({ event, result }) => createEvent('writeback.completed', { companyId: event.companyId, accountId }, result)));
    await this.states.reportedMany(accountId, done.map(({ event, result }) => ({ personId: event.payload.personId, version: result.personVersion })));
  }

  private async report(event: Change, result: Result): Promise<void> {
    await this.events.publish(createEvent('writeback.completed', { companyId: event.companyId, accountId: event.accountId }, result));
    await this.states.reported(event.accountId, event.payload.personId, result.personVersion);
  }

  /**
   * New persons of one group in the provider's batch calls; returns the changes it finished. What
   * a batch refuses as a whole (one invalid contact fails a Google batch) is left to the one-by-one
   * path, which reports the culprit alone; items throttled inside a Graph batch go again.
   */
  private async createInBatches(accountId: string, writer: ContactProviderWriter, creates: Change[], fresh: ReadonlySet<string>): Promise<Set<Change>> {
    const done = new Set<Change>();
    const announcing = new Announcements();
    const byGroup = new Map<string | null, Change[]>();
    for (const c of creates) byGroup.set(c.payload.groupId, [...(byGroup.get(c.payload.groupId) ?? []), c]);
    for (const [groupId, group] of byGroup) {
      let pending = group;
      for (let round = 1; pending.length > 0 && round <= TRANSIENT_ATTEMPTS; round++) {
        const retry: Change[] = [];
        for (let i = 0; i < pending.length; i += writer.maxCreateBatch) {
          const chunk = pending.slice(i, i + writer.maxCreateBatch);
          const fitted = chunk.map((c) => writer.fit(c.payload.contact as NonNullable<Change['payload']['contact']>));
          const answer = await this.withRetries(chunk[0] as Change, (token) => writer.createMany(token, groupId, fitted.map((f) => f.contact)));
          if (!Array.isArray(answer)) {
            if (answer.permanent) this.logger.log(`account ${accountId}: a batch of ${chunk.length} creates was refused (${answer.message}); writing them one by one`);
            continue; // the one-by-one path writes these and reports each
          }
          const finished: { event: Change; result: Result }[] = [];
          for (const [k, item] of answer.entries()) {
            const change = chunk[k] as Change;
            if (item instanceof ProviderError) {
              if (isRetriableItem(item)) retry.push(change);
              else finished.push({ event: change, result: failedResult(change.payload, classify(item)) });
              continue;
            }
            const outcome: WriteOutcome = { outcome: 'created', version: item as ProviderContactVersion, merged: [], notSynced: fitted[k]?.notSynced ?? [] };
            finished.push({ event: change, result: toResult(change.payload, outcome) });
          }
          // Recorded before the next batch call: a crash re-creates at most this batch (docs/decisions.md).
          // Publishing them is not on that path: it overlaps the next call, and a crash republishes.
          // It starts once that call is sent (a macrotask later): building and validating a batch of
          // events is CPU the call need not wait for.
          await this.recordResults(accountId, finished, fresh);
          announcing.add(nextMacrotask().then(() => this.announce(accountId, finished)));
          for (const f of finished) done.add(f.event);
        }
        pending = retry;
        if (pending.length > 0) await sleep(500 * round);
      }
    }
    await announcing.settled();
    return done;
  }

  /**
   * CRM deletes in the provider's batch calls: the contacts read in one call (getBatchGet, or a
   * Graph `$batch` of GETs), each decided as one delete would be (an edit at the provider since the
   * base keeps the contact), the rest deleted in one call. Returns the changes it finished; what a
   * call refuses or leaves undone goes to the one-by-one path.
   */
  private async deleteInBatches(accountId: string, writer: ContactProviderWriter, deletes: { event: Change; known: KnownWrite | null }[]): Promise<Set<Change>> {
    const done = new Set<Change>();
    const items = deletes.map(({ event, known }) => ({ event, base: writeBaseOf(event.payload, known) }));
    const neverWritten = items.filter((i) => !i.base.externalId);
    await this.finishMany(accountId, neverWritten.map((i) => ({ event: i.event, result: toResult(i.event.payload, DELETED) })));
    for (const i of neverWritten) done.add(i.event);
    const targets = items.filter((i) => i.base.externalId);
    for (let n = 0; n < targets.length; n += writer.maxDeleteBatch) {
      const chunk = targets.slice(n, n + writer.maxDeleteBatch);
      const currents = await this.withRetries((chunk[0] as (typeof chunk)[number]).event, (token) => writer.readMany(token, chunk.map((i) => i.base.externalId as string)));
      if (!Array.isArray(currents)) continue;
      const finished: { event: Change; result: Result }[] = [];
      const toDelete: typeof chunk = [];
      for (const [k, item] of chunk.entries()) {
        const current = currents[k] ?? null;
        const decision = deleteDecision(current, item.base);
        if (decision === 'delete') toDelete.push(item);
        else finished.push({ event: item.event, result: toResult(item.event.payload, decision === 'keep' ? keptBy(current as ProviderContactVersion) : DELETED) });
      }
      if (toDelete.length > 0) {
        const answer = await this.withRetries((toDelete[0] as (typeof toDelete)[number]).event, (token) => writer.deleteMany(token, toDelete.map((i) => i.base.externalId as string)));
        const deleted = Array.isArray(answer) ? toDelete.filter((_, k) => answer[k] === null) : [];
        for (const { event } of deleted) finished.push({ event, result: toResult(event.payload, DELETED) });
      }
      await this.finishMany(accountId, finished);
      for (const f of finished) done.add(f.event);
    }
    return done;
  }

  /** The write with its transient retries; what cannot be written becomes a failed result, never a lost one. */
  private async attempt(event: Change, known: KnownWrite | null): Promise<Result> {
    const p = event.payload;
    const writer = this.writers.get(p.provider);
    const base = writeBaseOf(p, known);
    const answer = await this.withRetries(event, (token) => writeChange(writer, token, p, base, this.config.WRITEBACK_CONFLICT_RETRIES));
    if ('outcome' in answer) return toResult(p, answer);
    this.logger.warn(`person ${p.personId} → account ${event.accountId}: ${answer.code}: ${answer.message}`);
    return failedResult(p, answer);
  }

  /**
   * Runs one provider call with an access token: throttling and outages are waited out (Retry-After
   * honoured, capped, jittered), a refused token gets one forced refresh; the lease is renewed before
   * each attempt unless it was taken or renewed moments ago. Each attempt first takes a request of
   * the company's provider budget, waiting (lease renewed) while it is spent. `about` is any change
   * of the run (they share the account, company and provider). Returns the call's value, or the failure that ended the attempts.
   */
  private async withRetries<T>(about: Change, call: (token: string) => Promise<T>): Promise<T | Failure> {
    const { accountId, companyId } = about;
    let forceToken = false;
    for (let attempt = 1; ; attempt++) {
      await this.leases.renew(accountId);
      await this.budget.acquire(about.payload.provider, companyId, `writes of account ${accountId}`, () => this.leases.renew(accountId));
      try {
        return await call(await this.tokens.get(accountId, forceToken));
      } catch (err) {
        const failure = classify(err);
        forceToken = failure.code === 'token_rejected';
        if (failure.retryAfterMs === null || attempt >= TRANSIENT_ATTEMPTS) return failure;
        await sleep(Math.min(MAX_WAIT_MS, failure.retryAfterMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      }
    }
  }
}

/**
 * Publications running beside the next provider call. A failure is held (never an unhandled
 * rejection) and rethrown by settled(), which fails the run: its changes are redelivered, and the
 * recorded results republished.
 */
class Announcements {
  private readonly running: Promise<void>[] = [];

  add(work: Promise<void>): void {
    work.catch(() => undefined);
    this.running.push(work);
  }

  async settled(): Promise<void> {
    await Promise.all(this.running);
  }
}

/** A new person never written for this account: nothing to read or merge first. */
function isPlainCreate(event: Change, known: KnownWrite | null): boolean {
  const live = known && !known.deleted ? known : null;
  return event.payload.change === 'upsert' && !event.payload.externalId && !live?.externalId;
}
