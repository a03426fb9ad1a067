import { OAuth2Client, type CodeChallengeMethod } from 'google-auth-library';
import { people_v1 } from 'googleapis/build/src/apis/people/v1';
import mongoose from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { GOOGLE_PERSON_FIELDS, googlePersonToContact } from '@contact-sync/provider-adapters';
import { EMULATOR_GOOGLE_CLIENT } from '@contact-sync/testing';

export interface BaselineResult {
  /** Paging the emulator + bulk upserts (updateOne upsert by _id, 1,000 per bulkWrite). */
  upsertMs: number;
  /** Paging the emulator + unordered insertMany into an empty collection: the floor. */
  insertMs: number;
  documents: number;
}

async function accessToken(emulatorUrl: string, email: string): Promise<string> {
  const client = new OAuth2Client({
    clientId: EMULATOR_GOOGLE_CLIENT.id,
    clientSecret: EMULATOR_GOOGLE_CLIENT.secret,
    redirectUri: 'http://127.0.0.1:1/baseline',
    endpoints: { oauth2AuthBaseUrl: `${emulatorUrl}/o/oauth2/v2/auth`, oauth2TokenUrl: `${emulatorUrl}/token` },
  });
  const verifier = randomBytes(32).toString('base64url');
  const url = client.generateAuthUrl({
    scope: ['https://www.googleapis.com/auth/contacts'],
    login_hint: email,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256' as CodeChallengeMethod,
  });
  const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
  return (await client.getToken({ code, codeVerifier: verifier })).tokens.access_token!;
}

async function* pages(emulatorUrl: string, token: string): AsyncGenerator<people_v1.Schema$Person[]> {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token });
  const api = new people_v1.People({ rootUrl: `${emulatorUrl}/`, auth });
  let pageToken: string | undefined;
  do {
    const res = await api.people.connections.list({ resourceName: 'people/me', personFields: GOOGLE_PERSON_FIELDS, pageSize: 1000, pageToken }, { retry: false });
    yield res.data.connections ?? [];
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
}

/**
 * The least a sync could do: page the provider with the same client and write the same mapped
 * documents to the same database, with none of the pipeline (no Kafka, no diffing, no links).
 */
export async function runBaseline(emulatorUrl: string, email: string, mongoUri: string, dbName: string): Promise<BaselineResult> {
  const token = await accessToken(emulatorUrl, email);
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    const upserts = conn.collection('persons_upsert');
    const inserts = conn.collection('persons_insert');
    let documents = 0;
    let t = performance.now();
    for await (const persons of pages(emulatorUrl, token)) {
      await upserts.bulkWrite(
        persons.map((p) => ({ updateOne: { filter: { _id: p.resourceName as unknown as mongoose.mongo.ObjectId }, update: { $set: googlePersonToContact(p) }, upsert: true } })),
      );
      documents += persons.length;
    }
    const upsertMs = performance.now() - t;
    t = performance.now();
    for await (const persons of pages(emulatorUrl, token)) {
      await inserts.insertMany(persons.map((p) => ({ _id: p.resourceName as unknown as mongoose.mongo.ObjectId, ...googlePersonToContact(p) })), { ordered: false });
    }
    const insertMs = performance.now() - t;
    return { upsertMs, insertMs, documents };
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}
