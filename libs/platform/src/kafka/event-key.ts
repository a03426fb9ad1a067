import { crmPersonChangeKey, providerContactKey, writebackResultKey, type AnyEvent } from '@contact-sync/events';

/** Message key of an event: per-entity ordering (see the contracts' key.ts files). */
export function eventKey(event: AnyEvent): string {
  switch (event.type) {
    case 'provider-contact.upserted':
    case 'provider-contact.deleted':
      return providerContactKey(event.accountId, event.payload.externalId);
    case 'crm-person.changed':
      return crmPersonChangeKey(event.payload.personId);
    case 'writeback.completed':
      return writebackResultKey(event.payload.personId);
    default:
      return event.accountId ?? event.companyId;
  }
}
