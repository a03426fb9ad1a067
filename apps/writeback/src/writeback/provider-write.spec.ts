import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import type { EventPayload } from '@contact-sync/events';
import { ProviderConflictError, type ContactProviderWriter, type FittedContact, type ProviderContactVersion } from '@contact-sync/provider-adapters';
import { deleteDecision, writeBaseOf, writeChange } from './provider-write';

/** A provider address book in memory, with an optional user edit landing just before our next update. */
class BookWriter implements ContactProviderWriter {
  readonly provider = 'google' as const;
  readonly book = new Map<string, ProviderContactVersion>();
  writes: string[] = [];
  private seq = 0;
  /** Applied once, right before an update, as a concurrent user edit would be. */
  raceOnce?: (v: ProviderContactVersion) => CanonicalContact;

  fit(contact: CanonicalContact): FittedContact {
    return { contact, notSynced: [] };
  }
  private store(externalId: string, contact: CanonicalContact, at = '2026-12-03T10:00:00.000Z'): ProviderContactVersion {
    const v = { externalId, etag: `e${++this.seq}`, contact, updatedAt: at };
    this.book.set(externalId, v);
    return v;
  }
  async create(_t: string, _g: string | null, contact: CanonicalContact) {
    this.writes.push('create');
    return this.store(`c${this.seq + 1}`, contact);
  }
  async update(_t: string, id: string, etag: string, contact: CanonicalContact) {
    const race = this.raceOnce;
    this.raceOnce = undefined;
    if (race) this.store(id, race(this.book.get(id)!), '2026-12-03T11:00:00.000Z');
    if (this.book.get(id)?.etag !== etag) throw new ProviderConflictError('stale', 'google');
    this.writes.push('update');
    return this.store(id, contact);
  }
  async delete(_t: string, id: string) {
    this.writes.push('delete');
    this.book.delete(id);
  }
  async read(_t: string, id: string) {
    return this.book.get(id) ?? null;
  }
  userEdit(id: string, edit: (c: CanonicalContact) => CanonicalContact) {
    this.store(id, edit(this.book.get(id)!.contact), '2026-12-03T11:00:00.000Z');
  }
}

const ada: CanonicalContact = { ...emptyContact(), name: { displayName: 'Ada' }, jobTitle: 'Analyst', emails: [{ value: 'ada@old.example', primary: true }] };
const change = (over: Partial<EventPayload<'crm-person.changed'>> = {}): EventPayload<'crm-person.changed'> => ({
  personId: 'p1', provider: 'google', ownerUserId: 'u1', externalId: null, personVersion: 1, change: 'upsert', contact: ada,
  base: null, baseEtag: null, groupId: 'g1', updatedAt: '2026-12-03T10:30:00.000Z', ...over,
});

describe('writeChange (the decision table against a provider)', () => {
  it('creates what the provider does not have; an update at the base version is one write', async () => {
    const w = new BookWriter();
    const created = await writeChange(w, 't', change(), { externalId: null, etag: null, contact: null }, 3);
    expect(created.outcome).toBe('created');
    const v = created.version!;
    const updated = await writeChange(w, 't', change({ contact: { ...ada, jobTitle: 'Countess' } }), { externalId: v.externalId, etag: v.etag, contact: v.contact }, 3);
    expect(updated).toMatchObject({ outcome: 'updated', merged: [] });
    expect(w.book.get(v.externalId)?.contact.jobTitle).toBe('Countess');
    expect(w.writes).toEqual(['create', 'update']);
  });

  it('merges with the user\'s edit since the base: different fields both win; the same field goes to the later change', async () => {
    const w = new BookWriter();
    const v = (await writeChange(w, 't', change(), { externalId: null, etag: null, contact: null }, 3)).version!;
    w.userEdit(v.externalId, (c) => ({ ...c, emails: [{ value: 'ada@new.example', primary: true }], jobTitle: 'Enchantress' }));
    const crm = { ...ada, jobTitle: 'Countess', notes: 'from the CRM' };
    const out = await writeChange(w, 't', change({ contact: crm }), { externalId: v.externalId, etag: v.etag, contact: v.contact }, 3);
    const stored = w.book.get(v.externalId)!.contact;
    expect(stored).toMatchObject({ emails: [{ value: 'ada@new.example', primary: true }], notes: 'from the CRM', jobTitle: 'Enchantress' });
    expect(out.merged).toEqual([expect.objectContaining({ field: 'jobTitle', crmValue: 'Countess', providerValue: 'Enchantress', winner: 'provider' })]);
  });

  it('a conflict (the user edits between our read and our write) is re-read and re-merged, within the bound', async () => {
    const w = new BookWriter();
    const v = (await writeChange(w, 't', change(), { externalId: null, etag: null, contact: null }, 3)).version!;
    w.raceOnce = (cur) => ({ ...cur.contact, emails: [{ value: 'ada@raced.example', primary: true }] });
    await writeChange(w, 't', change({ contact: { ...ada, jobTitle: 'Countess' } }), { externalId: v.externalId, etag: v.etag, contact: v.contact }, 3);
    expect(w.book.get(v.externalId)!.contact).toMatchObject({ jobTitle: 'Countess', emails: [{ value: 'ada@raced.example', primary: true }] });
    w.raceOnce = (cur) => ({ ...cur.contact, notes: 'again' });
    const last = w.book.get(v.externalId)!;
    await expect(writeChange(w, 't', change({ contact: { ...ada, jobTitle: 'Lady' } }), { externalId: last.externalId, etag: last.etag, contact: last.contact }, 0)).rejects.toBeInstanceOf(ProviderConflictError);
  });

  it('an edit of a contact deleted at the provider recreates it (the edit wins); an echo writes nothing', async () => {
    const w = new BookWriter();
    const v = (await writeChange(w, 't', change(), { externalId: null, etag: null, contact: null }, 3)).version!;
    const same = await writeChange(w, 't', change(), { externalId: v.externalId, etag: v.etag, contact: v.contact }, 3);
    expect(same.outcome).toBe('unchanged');
    w.book.delete(v.externalId);
    const again = await writeChange(w, 't', change({ contact: { ...ada, jobTitle: 'Countess' } }), { externalId: v.externalId, etag: v.etag, contact: v.contact }, 3);
    expect(again.outcome).toBe('created');
    expect(w.writes).toEqual(['create', 'create']);
  });

  it('a delete is carried out, unless the user edited the contact since the base (the edit wins)', async () => {
    const w = new BookWriter();
    const a = (await writeChange(w, 't', change(), { externalId: null, etag: null, contact: null }, 3)).version!;
    const b = (await writeChange(w, 't', change(), { externalId: null, etag: null, contact: null }, 3)).version!;
    w.userEdit(b.externalId, (c) => ({ ...c, jobTitle: 'Edited at the provider' }));
    const del = change({ change: 'delete', contact: null });
    expect((await writeChange(w, 't', del, { externalId: a.externalId, etag: a.etag, contact: a.contact }, 3)).outcome).toBe('deleted');
    expect((await writeChange(w, 't', del, { externalId: b.externalId, etag: b.etag, contact: b.contact }, 3)).outcome).toBe('unchanged');
    expect([...w.book.keys()]).toEqual([b.externalId]);
  });
});

describe('deleteDecision and writeBaseOf (shared by one delete and batched deletes)', () => {
  const v = (etag: string, contact: CanonicalContact) => ({ externalId: 'c1', etag, contact, updatedAt: '2026-12-03T10:00:00.000Z' });

  it('gone stays gone; unchanged since the base is deleted; an edit at the provider since the base keeps the contact', () => {
    const base = { externalId: 'c1', etag: 'e1', contact: ada };
    expect(deleteDecision(null, base)).toBe('gone');
    expect(deleteDecision(v('e1', ada), base)).toBe('delete');
    expect(deleteDecision(v('e2', ada), base)).toBe('delete'); // a new etag with the same synced fields: no user edit
    expect(deleteDecision(v('e2', { ...ada, jobTitle: 'Edited' }), base)).toBe('keep');
  });

  it("the base is the event's link, unless writeback has since written another contact for the person (a recreation)", () => {
    const known = { lastVersion: 3, externalId: 'c2', etag: 'e9', base: ada, deleted: false, pendingResult: null };
    expect(writeBaseOf(change({ externalId: 'c2', baseEtag: 'e5', base: ada }), known)).toEqual({ externalId: 'c2', etag: 'e5', contact: ada });
    expect(writeBaseOf(change({ externalId: 'c1', baseEtag: 'e1', base: ada }), known)).toEqual({ externalId: 'c2', etag: 'e9', contact: ada });
    expect(writeBaseOf(change({ externalId: null }), null)).toEqual({ externalId: null, etag: null, contact: null });
  });
});
