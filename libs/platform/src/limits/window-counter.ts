import { Schema, type Model } from 'mongoose';
import { windowAt } from './fixed-window';

/** One document per key: the current window's number and how many were taken in it. */
export interface WindowCounterDocument {
  _id: string;
  window: number;
  count: number;
}

/** Register it under the collection name the service chooses (`MongooseModule.forFeature`). */
export const WindowCounterSchema = new Schema<WindowCounterDocument>({ _id: { type: String, required: true }, window: { type: Number, required: true }, count: { type: Number, required: true } }, { versionKey: false });

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export type WindowVerdict =
  | { allowed: true; count: number }
  /** `retryAtMs`: when the window ends and the key may take again. */
  | { allowed: false; count: number; retryAtMs: number };

/** A race lost to another replica's insert or reset is retried; more than this means something else is wrong. */
const MAX_ATTEMPTS = 5;

/**
 * A fixed-window counter shared by every replica, kept in MongoDB with one document per key that
 * is reused from window to window. Every operation selects by `_id` (cheap on MongoDB and on
 * DocumentDB) and needs no TTL index: the collection holds one small document per key ever seen.
 * Refused takes count too (they do not move the window, so they only make the count say how hard
 * the key was pushed).
 */
export class WindowCounter {
  constructor(private readonly model: Model<WindowCounterDocument>) {}

  async take(key: string, { limit, windowMs }: WindowLimit, nowMs = Date.now()): Promise<WindowVerdict> {
    const window = windowAt(nowMs, windowMs);
    const verdict = (count: number): WindowVerdict => (count <= limit ? { allowed: true, count } : { allowed: false, count, retryAtMs: window.endMs });
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The usual case: the key's document is already in this window.
      const same = await this.model.findOneAndUpdate({ _id: key, window: window.index }, { $inc: { count: 1 } }, { new: true }).lean();
      if (same) return verdict(same.count);
      // The document is from an earlier window: start this one. (A replica whose clock runs behind
      // never drags a later window back: `$lt`.)
      const reset = await this.model.findOneAndUpdate({ _id: key, window: { $lt: window.index } }, { $set: { window: window.index, count: 1 } }, { new: true }).lean();
      if (reset) return verdict(reset.count);
      const existing = await this.model.findById(key).lean();
      if (existing && existing.window > window.index) {
        // Another replica's clock is ahead and already opened a later window: count against it.
        const ahead = await this.model.findOneAndUpdate({ _id: key, window: existing.window }, { $inc: { count: 1 } }, { new: true }).lean();
        if (ahead) return ahead.count <= limit ? { allowed: true, count: ahead.count } : { allowed: false, count: ahead.count, retryAtMs: (ahead.window + 1) * windowMs };
        continue;
      }
      if (existing) continue;
      try {
        await this.model.create({ _id: key, window: window.index, count: 1 });
        return verdict(1);
      } catch (err) {
        // Another replica inserted the key first: go round and count against its document.
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    }
    throw new Error(`window counter ${key}: lost ${MAX_ATTEMPTS} races in a row`);
  }
}
