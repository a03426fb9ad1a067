import { emptyContact, type CanonicalContact } from '../canonical-contact';
import { mergeContacts } from './field-merge';
import { decideSync, sideState } from './sync-decision';

const base: CanonicalContact = {
  ...emptyContact(),
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ value: 'ada@old.example', primary: true }],
  jobTitle: 'Analyst',
  notes: 'met at the Royal Society',
};
const at = (iso: string | null, contact: CanonicalContact) => ({ contact, changedAt: iso });
const EARLY = '2026-12-03T09:00:00.000Z';
const LATE = '2026-12-03T10:00:00.000Z';

describe('mergeContacts', () => {
  it('keeps both sides when they changed different fields', () => {
    const crm = { ...base, jobTitle: 'Countess' };
    const provider = { ...base, emails: [{ value: 'ada@new.example', primary: true }] };
    const { contact, conflicts } = mergeContacts(base, at(EARLY, crm), at(EARLY, provider));
    expect(contact).toEqual({ ...base, jobTitle: 'Countess', emails: [{ value: 'ada@new.example', primary: true }] });
    expect(conflicts).toEqual([]);
  });

  it('gives a field both changed to the later change and records the losing value', () => {
    const crm = { ...base, jobTitle: 'Countess' };
    const provider = { ...base, jobTitle: 'Enchantress of Numbers' };
    const providerLater = mergeContacts(base, at(EARLY, crm), at(LATE, provider));
    expect(providerLater.contact.jobTitle).toBe('Enchantress of Numbers');
    expect(providerLater.conflicts).toEqual([{ field: 'jobTitle', crmValue: 'Countess', providerValue: 'Enchantress of Numbers', winner: 'provider', reason: 'changed later at the provider' }]);
    const crmLater = mergeContacts(base, at(LATE, crm), at(EARLY, provider));
    expect(crmLater.contact.jobTitle).toBe('Countess');
    expect(crmLater.conflicts[0]).toMatchObject({ winner: 'crm', providerValue: 'Enchantress of Numbers' });
  });

  it('both sides making the same change is no conflict; clearing a field on one side is a change like any other', () => {
    const crm = { ...base, jobTitle: 'Countess', notes: undefined };
    const provider = { ...base, jobTitle: 'Countess' };
    const { contact, conflicts } = mergeContacts(base, at(EARLY, crm), at(LATE, provider));
    expect(contact.jobTitle).toBe('Countess');
    expect(contact).not.toHaveProperty('notes');
    expect(conflicts).toEqual([]);
  });

  it('without a base (a first match), a blank never overwrites a value', () => {
    const crm = { ...emptyContact(), name: { givenName: 'Ada' }, jobTitle: 'Countess' };
    const provider = { ...emptyContact(), name: { givenName: 'Ada' }, emails: [{ value: 'ada@x.example', primary: true }] };
    const { contact, conflicts } = mergeContacts(null, at(LATE, crm), at(EARLY, provider));
    expect(contact).toEqual({ ...emptyContact(), name: { givenName: 'Ada' }, jobTitle: 'Countess', emails: [{ value: 'ada@x.example', primary: true }] });
    expect(conflicts).toEqual([]);
  });

  it('never merges the photo: it is not a two-way field', () => {
    const crm = { ...base, photo: { hash: 'a'.repeat(64), contentType: 'image/png' as const, byteLength: 1 } };
    expect(mergeContacts(base, at(EARLY, crm), at(EARLY, base)).contact).not.toHaveProperty('photo');
  });
});

describe('decideSync and sideState', () => {
  it('is the decision table: an edit beats a delete, both deleted ends the link', () => {
    expect(decideSync('unchanged', 'unchanged')).toBe('nothing');
    expect(decideSync('changed', 'unchanged')).toBe('write_to_provider');
    expect(decideSync('unchanged', 'changed')).toBe('apply_to_crm');
    expect(decideSync('changed', 'changed')).toBe('merge');
    expect(decideSync('deleted', 'unchanged')).toBe('delete_at_provider');
    expect(decideSync('unchanged', 'deleted')).toBe('delete_in_crm');
    expect(decideSync('deleted', 'changed')).toBe('restore_in_crm');
    expect(decideSync('changed', 'deleted')).toBe('recreate_at_provider');
    expect(decideSync('deleted', 'deleted')).toBe('end_link');
  });

  it('an echo of our own write (fields equal to the base, photo or not) is unchanged', () => {
    expect(sideState(base, { ...base })).toBe('unchanged');
    expect(sideState(base, { ...base, photo: { hash: 'b'.repeat(64), contentType: 'image/jpeg', byteLength: 2 } })).toBe('unchanged');
    expect(sideState(base, { ...base, jobTitle: 'Countess' })).toBe('changed');
    expect(sideState(base, null)).toBe('deleted');
    expect(sideState(null, base)).toBe('changed');
  });
});
