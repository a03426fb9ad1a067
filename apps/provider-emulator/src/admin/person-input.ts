import { BadRequestException } from '@nestjs/common';
import type { GoogleAddressBook, PersonFields } from '../google/google-address-book';
import { WRITABLE_FIELDS } from '../google/google-person-fields';

/** Splits an admin person body into stored fields and group memberships, refusing what the API would not store. */
export function parsePersonInput(book: GoogleAddressBook, body: Record<string, unknown>, where: string, partial: boolean): { fields: PersonFields; groups?: string[] } {
  const { groups, ...rest } = body;
  const unknown = Object.keys(rest).filter((k) => !(WRITABLE_FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw new BadRequestException(`${where}: unknown person field(s) ${unknown.join(', ')}; allowed: ${WRITABLE_FIELDS.join(', ')}, groups`);
  for (const [k, v] of Object.entries(rest)) {
    if (v !== null && !Array.isArray(v)) throw new BadRequestException(`${where}.${k}: must be an array (or null to remove)`);
  }
  if (groups === undefined) return { fields: rest as PersonFields, groups: partial ? undefined : ['contactGroups/myContacts'] };
  if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) throw new BadRequestException(`${where}.groups: must be an array of group names or resource names`);
  const resolved = groups.map((g) => {
    const id = book.resolveGroup(g as string);
    if (!id) throw new BadRequestException(`${where}.groups: no group "${g}" in ${book.email}`);
    return id;
  });
  return { fields: rest as PersonFields, groups: [...new Set(['contactGroups/myContacts', ...resolved])] };
}
