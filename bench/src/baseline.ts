import mongoose from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import type { CanonicalContact } from '@contact-sync/contact-model';
import type { OAuthProvider } from '@contact-sync/provider-adapters';
import type { BenchProvider } from './providers/bench-provider';

export interface BaselineResult {
  /** Paging the emulator + bulk upserts (updateOne upsert by _id, 1,000 per bulkWrite). */
  upsertMs: number;
  /** Paging the emulator + unordered insertMany into an empty collection: the floor. */
  insertMs: number;
  documents: number;
}

const REDIRECT_URI = 'http://127.0.0.1:1/baseline';

/** The browser's part of the consent, done directly: the emulator approves and redirects with a code. */
export async function emulatorAccessToken(oauth: OAuthProvider, email: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const url = oauth.authorizationUrl({
    state: 'baseline',
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    redirectUri: REDIRECT_URI,
    loginHint: email,
  });
  const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
  return (await oauth.exchangeCode(code, verifier, REDIRECT_URI)).accessToken;
}

/** Pages of mapped contacts through the provider's own driver: the same client, paging and mapping. */
async function* pages(provider: BenchProvider, token: string): AsyncGenerator<{ _id: string; contact: CanonicalContact }[]> {
  for await (const page of provider.driver().pull({ accessToken: async () => token, groupId: null, cursor: null }, { nextCursor: null })) {
    yield page.changes.flatMap((c) => (c.kind === 'upsert' ? [{ _id: c.externalId, contact: c.contact }] : []));
  }
}

/**
 * The least a sync could do: page the provider with the same client and write the same mapped
 * documents to the same database, with none of the pipeline (no Kafka, no diffing, no links).
 */
export async function runBaseline(provider: BenchProvider, mongoUri: string, dbName: string): Promise<BaselineResult> {
  const token = await emulatorAccessToken(provider.oauth(), provider.email);
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  const asId = (id: string) => id as unknown as mongoose.mongo.ObjectId;
  try {
    const upserts = conn.collection('persons_upsert');
    const inserts = conn.collection('persons_insert');
    let documents = 0;
    let t = performance.now();
    for await (const docs of pages(provider, token)) {
      await upserts.bulkWrite(docs.map((d) => ({ updateOne: { filter: { _id: asId(d._id) }, update: { $set: d.contact }, upsert: true } })));
      documents += docs.length;
    }
    const upsertMs = performance.now() - t;
    t = performance.now();
    for await (const docs of pages(provider, token)) {
      await inserts.insertMany(docs.map((d) => ({ ...d.contact, _id: asId(d._id) })), { ordered: false });
    }
    const insertMs = performance.now() - t;
    return { upsertMs, insertMs, documents };
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}
