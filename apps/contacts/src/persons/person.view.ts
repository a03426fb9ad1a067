import type { PersonDocument } from './person.schema';
import type { PersonResponse } from './person.response';

export function toPersonView(p: PersonDocument): PersonResponse {
  return {
    id: p.id as string,
    name: p.name,
    firstName: p.firstName,
    lastName: p.lastName,
    emails: p.emails,
    phones: p.phones,
    address: p.address,
    organization: p.organizationId ? { id: p.organizationId, name: p.organizationName } : null,
    customFields: p.customFields ?? {},
    // A reference and where to fetch the bytes: list pages stay small whatever the photos weigh.
    photo: p.photo ? { ...p.photo, url: `/persons/${p.id as string}/photo` } : null,
    ownerUserId: p.ownerUserId,
    visibility: p.visibility,
    // Two-way: what write-back last reported (a failure to show, values the provider cannot hold).
    sync: p.writeback
      ? {
          accountId: p.writeback.accountId,
          error: p.writeback.error,
          notSyncedToProvider: p.writeback.notSynced,
          pending: Boolean(p.outbound && (p.outbound.pendingAt || p.outbound.version > p.writeback.personVersion)),
        }
      : p.outbound
        ? { accountId: p.outbound.accountId, error: null, notSyncedToProvider: [], pending: true }
        : null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
