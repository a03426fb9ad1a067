import { Types } from 'mongoose';
import type { CanonicalContact } from '@contact-sync/contact-model';
import type { Dashboard, FaultWorld, SyncedAccount } from './fault-world';

/** Photo bytes are compared by the photo suites; here only the fields the mappers produce. */
const comparable = (c: CanonicalContact | null | undefined) => {
  if (!c) return c;
  const { photo: _photo, ...rest } = c;
  return rest;
};

/** Contacts the dashboard explains (quarantine samples, dead-letter samples) with their reasons. */
function explained(dashboard: Dashboard): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const q of dashboard.quarantine ?? []) reasons.set(q.externalId, q.reason);
  for (const d of dashboard.deadLetters?.samples ?? []) if (d.externalId) reasons.set(d.externalId, d.reason);
  return reasons;
}

/**
 * After settle(): the CRM's persons equal the provider's contacts in scope field by field, no
 * person is duplicated, every contact is stored or explained on the dashboard, and the dashboard's
 * totals equal the database's counts.
 */
export async function compareBothSides(world: FaultWorld, account: SyncedAccount, dashboard: Dashboard): Promise<void> {
  const provider = await world.providerContacts(account);
  const db = world.contactsDb;
  const links = await db.collection('person_links').find({ accountId: account.accountId, deletedAt: null }).toArray();
  const personIds = links.map((l) => String(l.personId));
  // Person ids are ObjectIds in the database, strings on links.
  const persons = await db.collection('persons').find({ _id: { $in: personIds.map((id) => new Types.ObjectId(id)) as never[] }, deletedAt: null }).toArray();
  const personById = new Map(persons.map((p) => [String(p._id), p]));

  // No duplicates: one live link per contact, one person per link.
  expect(new Set(links.map((l) => l.externalId)).size).toBe(links.length);
  expect(new Set(personIds).size).toBe(personIds.length);
  // Every live link points at a live person.
  expect(personIds.filter((id) => !personById.has(id))).toEqual([]);

  const reasons = explained(dashboard);
  const linkByExternal = new Map(links.map((l) => [String(l.externalId), l]));
  const missing: string[] = [];
  for (const { externalId, contact } of provider) {
    const link = linkByExternal.get(externalId);
    if (!link) {
      if (!reasons.has(externalId)) missing.push(externalId);
      continue;
    }
    const person = personById.get(String(link.personId));
    expect({ externalId, base: comparable(link.base as CanonicalContact) }).toEqual({ externalId, base: comparable(contact) });
    expect({ externalId, firstName: person?.firstName ?? null, lastName: person?.lastName ?? null, emails: (person?.emails ?? []).map((e: { value: string }) => e.value), phones: (person?.phones ?? []).map((p: { value: string }) => p.value), organizationName: person?.organizationName ?? null }).toEqual({
      externalId,
      firstName: contact.name.givenName ?? null,
      lastName: contact.name.familyName ?? null,
      emails: contact.emails.map((e) => e.value),
      phones: contact.phones.map((p) => p.value),
      organizationName: contact.organization?.name ?? null,
    });
  }
  // Every contact is either stored or explained (with a reason) on the dashboard.
  expect(missing).toEqual([]);
  // Nothing the provider no longer has in scope is still linked.
  const inScope = new Set(provider.map((p) => p.externalId));
  expect(links.map((l) => String(l.externalId)).filter((id) => !inScope.has(id))).toEqual([]);

  // The dashboard tells the truth.
  expect(dashboard.totals?.crm).toBe(links.length);
  expect(dashboard.totals?.provider).toBe(provider.length);
  expect(dashboard.totals?.difference?.unexplained ?? 0).toBe(0);
  expect(dashboard.state).toBe('synced');
}
