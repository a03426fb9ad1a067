import type { PersonDocument } from './person.schema';

export function toPersonView(p: PersonDocument) {
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
    photoUrl: p.photoUrl,
    ownerUserId: p.ownerUserId,
    visibility: p.visibility,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
export type PersonView = ReturnType<typeof toPersonView>;
