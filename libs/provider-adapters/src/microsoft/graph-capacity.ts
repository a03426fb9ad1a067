import type { CanonicalContact, LabeledValue } from '@contact-sync/contact-model';
import type { FittedContact } from '../contact-provider-driver';
import { contactToGraphContact } from './graph-contact-mapper';

/** Outlook's observed limits (microsoft-graph-docs issue 15276); homePhones and imAddresses are unconfirmed. */
export const GRAPH_MAX_EMAILS = 3;
export const GRAPH_MAX_BUSINESS_PHONES = 2;

/**
 * What of a contact Outlook can hold: e-mails beyond the third and phones that would be a third
 * business phone stay in the CRM, listed as not synced, instead of the whole write failing with 400.
 */
export function fitContactToGraph(contact: CanonicalContact): FittedContact {
  const notSynced: FittedContact['notSynced'] = contact.emails.slice(GRAPH_MAX_EMAILS).map((e) => ({
    field: 'emails',
    value: e.value,
    reason: `Outlook keeps at most ${GRAPH_MAX_EMAILS} e-mail addresses`,
  }));
  const emails = contact.emails.slice(0, GRAPH_MAX_EMAILS);
  // The mapper decides which phones are business phones; those past the limit stay behind.
  const overflow = [...(contactToGraphContact({ ...contact, emails }).businessPhones ?? []).slice(GRAPH_MAX_BUSINESS_PHONES)];
  const phones: LabeledValue[] = [];
  for (const phone of [...contact.phones].reverse()) {
    const i = overflow.lastIndexOf(phone.value);
    if (i >= 0) {
      overflow.splice(i, 1);
      notSynced.unshift({ field: 'phones', value: phone.value, reason: `Outlook keeps at most ${GRAPH_MAX_BUSINESS_PHONES} business phones` });
    } else phones.unshift(phone);
  }
  return { contact: { ...contact, emails, phones }, notSynced };
}
