import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { afterWrite, asPersonHolds, planInbound, type PersonSide } from './person-merge';

const contact = (over: Partial<CanonicalContact>): CanonicalContact => ({ ...emptyContact(), name: { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' }, ...over });
const base = contact({ emails: [{ value: 'ada@old.example' }], jobTitle: 'Analyst' });
const side = (c: CanonicalContact, over: Partial<PersonSide> = {}): PersonSide => ({
  contact: asPersonHolds(c),
  changedAt: new Date('2026-12-01T10:00:00Z'),
  deleted: false,
  inFlight: false,
  notSyncedFields: new Set(),
  ...over,
});
const at = (iso: string, c: CanonicalContact) => ({ contact: c, changedAt: iso });

describe('planInbound (a provider change of a two-way linked person)', () => {
  it('an echo of the base keeps the person, even when the CRM holds more than the provider can', () => {
    const crm = contact({ emails: [1, 2, 3, 4, 5].map((n) => ({ value: `a${n}@x.example` })), jobTitle: 'Analyst' });
    const echo = contact({ emails: crm.emails.slice(0, 3), jobTitle: 'Analyst' });
    expect(planInbound(echo, side(crm), at('2026-12-01T11:00:00Z', echo))).toEqual({ kind: 'keep' });
  });

  it('a provider edit of a person the CRM did not change is applied as it is', () => {
    const incoming = contact({ emails: base.emails, jobTitle: 'Engineer' });
    expect(planInbound(base, side(base), at('2026-12-01T11:00:00Z', incoming))).toEqual({ kind: 'apply', contact: incoming, conflicts: [], pushBack: false });
  });

  it('different fields changed on both sides: both kept, and the CRM value goes back out', () => {
    const crm = contact({ emails: [{ value: 'ada@new.example' }], jobTitle: 'Analyst' });
    const incoming = contact({ emails: base.emails, jobTitle: 'Engineer' });
    const plan = planInbound(base, side(crm), at('2026-12-01T11:00:00Z', incoming));
    expect(plan).toMatchObject({ kind: 'apply', conflicts: [], pushBack: true });
    expect(plan.kind === 'apply' && [plan.contact.emails, plan.contact.jobTitle]).toEqual([[{ value: 'ada@new.example' }], 'Engineer']);
  });

  it('the same field: the later edit wins and the other value is recorded', () => {
    const crm = contact({ emails: base.emails, jobTitle: 'CRM title' });
    const incoming = contact({ emails: base.emails, jobTitle: 'Provider title' });
    const later = planInbound(base, side(crm), at('2026-12-01T11:00:00Z', incoming));
    expect(later).toMatchObject({ kind: 'apply', contact: { jobTitle: 'Provider title' }, conflicts: [{ field: 'jobTitle', crmValue: 'CRM title', providerValue: 'Provider title', winner: 'provider' }] });
    const earlier = planInbound(base, side(crm), at('2026-12-01T09:00:00Z', incoming));
    expect(earlier).toMatchObject({ kind: 'apply', contact: { jobTitle: 'CRM title' }, conflicts: [{ field: 'jobTitle', winner: 'crm' }], pushBack: true });
  });

  it('while the CRM change is being written, the CRM wins (the provider time includes our own write)', () => {
    const crm = contact({ emails: base.emails, jobTitle: 'CRM title' });
    const incoming = contact({ emails: base.emails, jobTitle: 'Provider title' });
    const plan = planInbound(base, side(crm, { inFlight: true }), at('2030-01-01T00:00:00Z', incoming));
    expect(plan).toMatchObject({ kind: 'apply', contact: { jobTitle: 'CRM title' }, conflicts: [{ winner: 'crm', reason: 'the CRM change was being written to the provider' }] });
  });

  it('a provider edit of a person deleted in the CRM restores it with the provider contact', () => {
    const incoming = contact({ emails: base.emails, jobTitle: 'Engineer' });
    expect(planInbound(base, side(base, { deleted: true }), at('2026-12-01T11:00:00Z', incoming))).toMatchObject({ kind: 'apply', contact: incoming });
  });

  it('a name part the CRM never held (middle name) is not a CRM change', () => {
    const withMiddle = contact({ name: { displayName: 'Ada B. Lovelace', givenName: 'Ada', middleName: 'B.', familyName: 'Lovelace' }, emails: base.emails, jobTitle: 'Analyst' });
    const incoming = { ...withMiddle, jobTitle: 'Engineer' };
    expect(planInbound(withMiddle, side(withMiddle), at('2026-12-01T11:00:00Z', incoming))).toMatchObject({ kind: 'apply', contact: incoming, pushBack: false });
  });
});

describe('afterWrite (the provider representation of our write)', () => {
  it('takes what the provider stores differently, keeps what it cannot hold', () => {
    const crm = asPersonHolds(contact({ emails: [1, 2, 3, 4].map((n) => ({ value: `a${n}@x.example` })), jobTitle: 'Analyst' }));
    const written = contact({ emails: crm.emails.slice(0, 3), jobTitle: 'Analyst', notes: 'merged from the provider' });
    expect(afterWrite(crm, written, new Set(['emails']))).toMatchObject({ emails: crm.emails, notes: 'merged from the provider' });
    expect(afterWrite(crm, { ...written, notes: undefined }, new Set(['emails']))).toBeNull();
  });
});
