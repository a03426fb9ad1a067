import { emptyContact, type CanonicalContact } from '@contact-sync/contact-model';
import { fitContactToGraph } from './graph-capacity';
import { contactToGraphContact } from './graph-contact-mapper';

describe('fitContactToGraph', () => {
  it('keeps the first 3 e-mails and lists the rest as not synced', () => {
    const emails = Array.from({ length: 5 }, (_, i) => ({ value: `a${i}@x.example`, ...(i === 0 ? { primary: true } : {}) }));
    const fitted = fitContactToGraph({ ...emptyContact(), emails });
    expect(fitted.contact.emails.map((e) => e.value)).toEqual(['a0@x.example', 'a1@x.example', 'a2@x.example']);
    expect(fitted.notSynced).toEqual([
      { field: 'emails', value: 'a3@x.example', reason: 'Outlook keeps at most 3 e-mail addresses' },
      { field: 'emails', value: 'a4@x.example', reason: 'Outlook keeps at most 3 e-mail addresses' },
    ]);
  });

  it('leaves a third business phone behind, but not a mobile or home phone', () => {
    const contact: CanonicalContact = {
      ...emptyContact(),
      phones: [
        { value: '+1 1', label: 'work', primary: true },
        { value: '+1 2', label: 'mobile' },
        { value: '+1 3' },
        { value: '+1 4', label: 'home' },
        { value: '+1 5', label: 'other' },
      ],
    };
    const fitted = fitContactToGraph(contact);
    expect(fitted.contact.phones.map((p) => p.value)).toEqual(['+1 1', '+1 2', '+1 3', '+1 4']);
    expect(fitted.notSynced).toEqual([{ field: 'phones', value: '+1 5', reason: 'Outlook keeps at most 2 business phones' }]);
    expect(contactToGraphContact(fitted.contact).businessPhones).toEqual(['+1 1', '+1 3']);
  });

  it('changes nothing in a contact that fits', () => {
    const contact: CanonicalContact = { ...emptyContact(), emails: [{ value: 'a@x.example', primary: true }], phones: [{ value: '+1 1' }] };
    expect(fitContactToGraph(contact)).toEqual({ contact, notSynced: [] });
  });
});
