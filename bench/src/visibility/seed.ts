import mongoose from 'mongoose';
import type { DirectoryAdmin } from '@contact-sync/testing';
import { generatePersons, type PersonSpec, type RoleSpec, type UserSpec } from './company-model';

const BOTH = { addPeople: true, addOrganizations: true };
const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
const LAST = ['Abe', 'Berg', 'Costa', 'Dahl', 'Eze', 'Fischer', 'Gomez', 'Haas', 'Ito', 'Jensen', 'Khan', 'Lund', 'Moreau', 'Novak', 'Okafor', 'Park', 'Quinn'];

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** The company, its role tree (parents first) and its users, through the directory API as the CRM core would. */
export async function seedDirectory(directory: DirectoryAdmin, companyId: string, roles: RoleSpec[], users: UserSpec[]): Promise<void> {
  await directory.company(companyId, 'enterprise', 'Visibility bench company');
  for (let level = 0; roles.some((r) => r.level === level); level++) {
    await pool(
      roles.filter((r) => r.level === level),
      6,
      (r) => directory.role(companyId, r.roleId, `level ${r.level} ${r.roleId}`, r.parentRoleId),
    );
  }
  await pool(users, 8, (u) => directory.user(companyId, u.userId, { roleId: u.roleId, globalAdmin: u.globalAdmin, permissions: BOTH }));
}

function personDocument(companyId: string, n: number, p: PersonSpec, now: Date) {
  const firstName = FIRST[n % FIRST.length];
  const lastName = `${LAST[Math.floor(n / FIRST.length) % LAST.length]}-${n}`;
  return {
    _id: new mongoose.Types.ObjectId(),
    companyId,
    ownerUserId: p.ownerUserId,
    visibility: p.visibility,
    name: `${firstName} ${lastName}`,
    firstName,
    lastName,
    emails: [{ value: `person${n}@bench.example`, label: 'work', primary: true }],
    phones: [{ value: `+1555${String(n).padStart(7, '0')}`, label: 'mobile', primary: true }],
    address: null,
    organizationId: null,
    organizationName: null,
    customFields: {},
    photo: null,
    photoSource: null,
    followerUserIds: p.followerUserIds,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Inserts `count` persons straight into the contacts database (unordered insertMany, 1,000 per
 * batch): how the persons got there is not what is measured. Returns the persons as the model knows them.
 */
export async function seedPersons(mongoUri: string, dbName: string, companyId: string, users: UserSpec[], count: number): Promise<{ persons: PersonSpec[]; ms: number }> {
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    const db = conn.db;
    if (!db) throw new Error(`no database handle for ${dbName}`);
    const collection = db.collection('persons');
    const persons: PersonSpec[] = [];
    const t0 = performance.now();
    let batch: ReturnType<typeof personDocument>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await collection.insertMany(batch, { ordered: false });
      batch = [];
      if (persons.length % 10_000 === 0) process.stderr.write(`visibility: ${persons.length} persons inserted\n`);
    };
    const now = new Date();
    for (const p of generatePersons(count, users)) {
      batch.push(personDocument(companyId, persons.length, p, now));
      persons.push(p);
      if (batch.length === 1000) await flush();
    }
    await flush();
    return { persons, ms: performance.now() - t0 };
  } finally {
    await conn.close();
  }
}
