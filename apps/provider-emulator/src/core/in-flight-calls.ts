import { Injectable } from '@nestjs/common';
import { ResetRegistry } from './reset-registry';

/**
 * A limit on calls of one kind in progress at once, e.g. Graph's 4 requests per mailbox or Google's
 * "mutate requests for the same user should be sent sequentially", and the provider's answer when
 * it is reached.
 */
export interface Lane {
  /** What is counted, e.g. `microsoft:a@x.example:mailbox`. */
  key: string;
  /** At most this many at once; 0 or less means no limit. */
  limit: number;
  /** The error a call gets when the lane is full. */
  busy: () => Error;
}

/** Calls in progress per lane; shared by every provider. */
@Injectable()
export class InFlightCalls {
  private counts = new Map<string, number>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  /**
   * Takes a place in every lane and returns the function that gives them back; throws the first full
   * lane's error, holding none.
   */
  enter(lanes: readonly Lane[]): () => void {
    const active = lanes.filter((l) => l.limit > 0);
    const full = active.find((l) => (this.counts.get(l.key) ?? 0) >= l.limit);
    if (full) throw full.busy();
    // A reset while calls are in flight starts a new map: their late releases must not touch it.
    const counts = this.counts;
    for (const l of active) counts.set(l.key, (counts.get(l.key) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      for (const l of active) {
        const n = (counts.get(l.key) ?? 1) - 1;
        if (n > 0) counts.set(l.key, n);
        else counts.delete(l.key);
      }
    };
  }

  reset(): void {
    this.counts = new Map();
  }
}
