import { opaque } from '../../core/ids';

export interface SyncPoint {
  /** Changes with a higher sequence are what the next incremental sync returns. */
  seq: number;
  /** Start of the full sync the token descends from: tokens expire a fixed time after it. */
  fullSyncAt: number;
}

/**
 * Issued sync tokens. Tokens are random and registered, so an unknown, forged or expired token is
 * told apart from a valid one exactly as the API does: EXPIRED_SYNC_TOKEN.
 */
export class SyncTokenRegistry {
  private readonly tokens = new Map<string, SyncPoint>();
  private issuedSincePrune = 0;

  issue(point: SyncPoint, now: number, lifetimeMs: number): string {
    if (++this.issuedSincePrune >= 1000) this.prune(now, lifetimeMs);
    const token = opaque(24);
    this.tokens.set(token, { ...point });
    return token;
  }

  /** The point a token stands for, unless it is unknown or older than the lifetime. */
  resolve(token: string, now: number, lifetimeMs: number): SyncPoint | undefined {
    const point = this.tokens.get(token);
    if (!point) return undefined;
    if (now - point.fullSyncAt > lifetimeMs) {
      this.tokens.delete(token);
      return undefined;
    }
    return point;
  }

  expireAll(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }

  private prune(now: number, lifetimeMs: number): void {
    this.issuedSincePrune = 0;
    for (const [t, p] of this.tokens) if (now - p.fullSyncAt > lifetimeMs) this.tokens.delete(t);
  }
}
