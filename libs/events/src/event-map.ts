import type { z } from 'zod';
import type { TopicKey } from './topics';
import {
  accountConnectedPayload,
  accountDisconnectedPayload,
  syncConfiguredPayload,
  syncDeletionsDecidedPayload,
  syncPausedPayload,
  syncRefreshRequestedPayload,
  upgradeSyncConfiguredV1,
} from './contracts/account-lifecycle/value';
import { providerContactDeletedPayload, providerContactUpsertedPayload, upgradeProviderChangeV1 } from './contracts/provider-contact-changed/value';
import { syncRunCompletedPayload, upgradeSyncRunCompletedV1 } from './contracts/sync-run-summary/value';
import { crmPersonChangedPayload } from './contracts/crm-person-changed/value';
import { writebackCompletedPayload } from './contracts/writeback-result/value';

interface Contract<K extends TopicKey, S extends z.ZodTypeAny, A extends boolean> {
  readonly topic: K;
  readonly version: number;
  readonly payload: S;
  /** Whether the envelope must name the account (then `accountId` is typed as present). */
  readonly accountScoped: A;
  /**
   * Upgrades of older versions a consumer still accepts: `upgrades[n]` turns a version-n payload
   * into version n+1. A rolling deploy can then produce the old version while consumers run the new.
   */
  readonly upgrades?: Readonly<Record<number, (payload: unknown) => unknown>>;
}
const contract = <K extends TopicKey, S extends z.ZodTypeAny, A extends boolean>(c: Contract<K, S, A>): Contract<K, S, A> => c;

/** Event type → topic, version and payload schema. Emitters and handlers are typed from this map. */
export const EVENT_CONTRACTS = {
  'account.connected': contract({ topic: 'accountLifecycle', version: 1, payload: accountConnectedPayload, accountScoped: true }),
  'sync.configured': contract({ topic: 'accountLifecycle', version: 2, payload: syncConfiguredPayload, accountScoped: true, upgrades: { 1: upgradeSyncConfiguredV1 } }),
  'sync.refresh-requested': contract({ topic: 'accountLifecycle', version: 1, payload: syncRefreshRequestedPayload, accountScoped: true }),
  'sync.paused': contract({ topic: 'accountLifecycle', version: 1, payload: syncPausedPayload, accountScoped: true }),
  'account.disconnected': contract({ topic: 'accountLifecycle', version: 1, payload: accountDisconnectedPayload, accountScoped: true }),
  'sync.deletions-decided': contract({ topic: 'accountLifecycle', version: 1, payload: syncDeletionsDecidedPayload, accountScoped: true }),
  'provider-contact.upserted': contract({ topic: 'providerContactChanges', version: 2, payload: providerContactUpsertedPayload, accountScoped: true, upgrades: { 1: upgradeProviderChangeV1 } }),
  'provider-contact.deleted': contract({ topic: 'providerContactChanges', version: 2, payload: providerContactDeletedPayload, accountScoped: true, upgrades: { 1: upgradeProviderChangeV1 } }),
  'sync-run.completed': contract({ topic: 'syncRunSummaries', version: 2, payload: syncRunCompletedPayload, accountScoped: true, upgrades: { 1: upgradeSyncRunCompletedV1 } }),
  'crm-person.changed': contract({ topic: 'crmPersonChanges', version: 1, payload: crmPersonChangedPayload, accountScoped: true }),
  'writeback.completed': contract({ topic: 'writebackResults', version: 1, payload: writebackCompletedPayload, accountScoped: true }),
} as const;

export type EventType = keyof typeof EVENT_CONTRACTS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CONTRACTS)[T]['payload']>;

type AccountScope<T extends EventType> = (typeof EVENT_CONTRACTS)[T]['accountScoped'] extends true
  ? { accountId: string }
  : { accountId?: string };

export type EventEnvelope<T extends EventType = EventType> = {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  companyId: string;
  payload: EventPayload<T>;
} & AccountScope<T>;

export type EventScope<T extends EventType> = { companyId: string } & AccountScope<T>;

/** A discriminated union over every event: `switch (event.type)` narrows the payload. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export type EventsOnTopic<K extends TopicKey> = {
  [T in EventType]: (typeof EVENT_CONTRACTS)[T]['topic'] extends K ? EventEnvelope<T> : never;
}[EventType];
