import mongoose from 'mongoose';
import { summarize, type LatencySummary } from './latency';

export interface FloorResult {
  /** The page alone: find(filter).sort({_id: 1}).limit(limit + 1). */
  page: LatencySummary;
  /** The visible total alone: countDocuments(filter). */
  count: LatencySummary;
  /** Both at once, as the service runs them: the floor the service is compared with. */
  both: LatencySummary;
}

/**
 * The reader's query sent straight to the database with the driver, the most direct way to get
 * what `GET /persons` returns: no HTTP, no token, no directory reads, no JSON of the persons. The
 * filter is the one the service builds (from its diagnostics endpoint), so both do the same work.
 */
export async function measureFloor(mongoUri: string, dbName: string, filter: Record<string, unknown>, limit: number, n: number): Promise<FloorResult> {
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    const persons = conn.collection('persons');
    const page = () => persons.find(filter).sort({ _id: 1 }).limit(limit + 1).toArray();
    const count = () => persons.countDocuments(filter);
    const timed = async (fn: () => Promise<unknown>) => {
      await fn(); // warm-up, as for the service
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return summarize(samples);
    };
    return { page: await timed(page), count: await timed(count), both: await timed(() => Promise.all([page(), count()])) };
  } finally {
    await conn.close();
  }
}
