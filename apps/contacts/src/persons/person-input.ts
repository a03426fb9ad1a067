import { compact, emptyContact, parseBirthday, type CanonicalContact } from '@contact-sync/contact-model';
import type { PersonInputDto } from './person-input.dto';

/** What the CRM requires of a new person: something a user can call it by. */
export const hasIdentity = (c: CanonicalContact): boolean =>
  Boolean(c.name.displayName || c.name.givenName || c.name.familyName || c.emails.length || c.phones.length || c.organization);

/**
 * A CRM user's input applied to the person's synced fields, as a canonical contact: what is sent
 * replaces, `null` clears, what is absent stays. The person's fields are then derived from the
 * result with the same `toPersonFields` inbound changes use, so there is one mapping either way.
 */
export function applyPersonInput(current: CanonicalContact, dto: PersonInputDto): CanonicalContact {
  const next: CanonicalContact = { ...emptyContact(), ...current, name: { ...current.name } };
  if (dto.name !== undefined) next.name.displayName = dto.name;
  if (dto.firstName !== undefined) next.name.givenName = dto.firstName ?? undefined;
  if (dto.lastName !== undefined) next.name.familyName = dto.lastName ?? undefined;
  if (dto.emails !== undefined) next.emails = dto.emails.map((e) => compact({ ...e }));
  if (dto.phones !== undefined) next.phones = dto.phones.map((p) => compact({ ...p }));
  if (dto.address !== undefined) next.address = dto.address ? compact({ ...dto.address }) : undefined;
  if (dto.postalAddress !== undefined) next.postalAddress = dto.postalAddress ? compact({ ...dto.postalAddress }) : undefined;
  if (dto.instantMessengers !== undefined) next.instantMessengers = dto.instantMessengers.map((m) => compact({ ...m }));
  if (dto.organization !== undefined) next.organization = dto.organization ? { name: dto.organization } : undefined;
  if (dto.jobTitle !== undefined) next.jobTitle = dto.jobTitle ?? undefined;
  if (dto.notes !== undefined) next.notes = dto.notes ?? undefined;
  if (dto.birthday !== undefined) next.birthday = dto.birthday ? parseBirthday(dto.birthday) : undefined;
  return compact({ ...next, name: compact(next.name) });
}
