import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { applyPersonInput } from './person-input';

describe('person input', () => {
  it('applies a user\'s input: sent replaces, null clears, absent stays', () => {
    const before: CanonicalContact = { ...emptyContact(), name: { displayName: 'Bo' }, jobTitle: 'Engineer', notes: 'x', emails: [{ value: 'bo@x.example' }] };
    const after = applyPersonInput(before, { jobTitle: 'Lead', notes: null, birthday: '--02-29' });
    expect(after).toEqual({ ...emptyContact(), name: { displayName: 'Bo' }, jobTitle: 'Lead', emails: [{ value: 'bo@x.example' }], birthday: { month: 2, day: 29 } });
  });
});
