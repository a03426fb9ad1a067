/** What a link remembers of the change it last applied, for ordering. */
export interface AppliedOrder {
  providerUpdatedAt: string | null;
  sequence: number;
}

/** An incoming change's position: the provider's modification time (upserts) and ingest's per-sync sequence. */
export interface ChangeOrder {
  providerUpdatedAt: string | null;
  sequence: number;
}

/**
 * Whether `change` is newer than what the link holds, so that a replayed, redelivered or reordered
 * older event never moves a person backwards:
 * - both carry a provider modification time and they differ: the later time wins;
 * - otherwise the higher sequence wins (equal means the same change: not newer);
 * - version-1 events (upgraded with sequence 0) against a version-1 state keep the old rule, the
 *   last delivered wins; against any version-2 state (sequence > 0) they are older.
 */
export function isNewer(change: ChangeOrder, applied: AppliedOrder): boolean {
  if (change.sequence === 0 && applied.sequence === 0) return true;
  if (change.sequence === 0) return false;
  const changeTime = change.providerUpdatedAt ? Date.parse(change.providerUpdatedAt) : NaN;
  const appliedTime = applied.providerUpdatedAt ? Date.parse(applied.providerUpdatedAt) : NaN;
  if (!Number.isNaN(changeTime) && !Number.isNaN(appliedTime) && changeTime !== appliedTime) return changeTime > appliedTime;
  return change.sequence > applied.sequence;
}
