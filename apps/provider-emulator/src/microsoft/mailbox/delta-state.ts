import { opaque } from '../../core/ids';

/** One entry of a delta round: a contact to send as it is now, or a removal. */
export interface DeltaEntry {
  /** The contact's immutable id (the mailbox's key). */
  key: string;
  /** Its regular id at the time: the one a removal names for clients without immutable ids. */
  id: string;
  removed?: true;
}

/** A round in progress: its entries are fixed at the first page so paging neither skips nor repeats. */
export interface DeltaRound {
  id: string;
  folderId: string;
  select?: string[];
  entries: DeltaEntry[];
  /** The mailbox change sequence at the first page: the deltaLink of the last page resumes from it. */
  seq: number;
}

export interface DeltaPoint {
  folderId: string;
  seq: number;
  select?: string[];
}

/** Rounds kept per mailbox (a skip token of an evicted round gets 410, like a lost sync state). */
const MAX_ROUNDS = 50;
/**
 * Delta tokens kept per mailbox. Outlook keeps delta tokens in a bounded cache and drops the oldest
 * when it is full ("the upper limit is not fixed; it's dependent on the size of the internal delta
 * token cache", delta-query-overview); a poller issuing one per round would otherwise grow forever.
 */
const MAX_DELTA_TOKENS = 1000;

/**
 * Skip tokens (pages of a round) and delta tokens (where the next round starts) of one mailbox.
 * Both are random and registered, so unknown, forged, evicted and expired tokens are told apart
 * from valid ones only by lookup, and all answer 410 SyncStateNotFound.
 */
export class DeltaState {
  private readonly rounds = new Map<string, DeltaRound>();
  private readonly deltaTokens = new Map<string, DeltaPoint>();

  startRound(round: Omit<DeltaRound, 'id'>): DeltaRound {
    const full = { ...round, id: opaque(12) };
    this.rounds.set(full.id, full);
    if (this.rounds.size > MAX_ROUNDS) this.rounds.delete(this.rounds.keys().next().value as string);
    return full;
  }

  skipToken(round: DeltaRound, offset: number): string {
    return `${round.id}.${offset.toString(36)}`;
  }

  resolveSkipToken(token: string): { round: DeltaRound; offset: number } | undefined {
    const [id, at] = token.split('.');
    const round = id ? this.rounds.get(id) : undefined;
    const offset = at && /^[0-9a-z]+$/.test(at) ? parseInt(at, 36) : NaN;
    if (!round || !Number.isInteger(offset) || offset <= 0 || offset >= round.entries.length) return undefined;
    return { round, offset };
  }

  issueDeltaToken(point: DeltaPoint): string {
    const token = opaque(24);
    this.deltaTokens.set(token, point);
    if (this.deltaTokens.size > MAX_DELTA_TOKENS) this.deltaTokens.delete(this.deltaTokens.keys().next().value as string);
    return token;
  }

  resolveDeltaToken(token: string): DeltaPoint | undefined {
    return this.deltaTokens.get(token);
  }

  /** Every outstanding skip and delta token now answers 410; returns how many there were. */
  expireAll(): number {
    const n = this.rounds.size + this.deltaTokens.size;
    this.rounds.clear();
    this.deltaTokens.clear();
    return n;
  }
}
