import { Body, Controller, Headers, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { modifyMembers } from '../address-book/group-members';
import { googlePaths } from '../google-paths';
import { isObject } from '../person/person-input';
import { invalidArgument } from './google-api-error';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { refusalError } from './refusal-error';

/** "The total number of resource names in resource_names_to_add and resource_names_to_remove must be less than or equal to 1000." */
export const MEMBERS_MODIFY_LIMIT = 1000;

function names(body: Record<string, unknown>, key: string): string[] {
  const raw = body[key] ?? [];
  if (!Array.isArray(raw) || raw.some((n) => typeof n !== 'string')) throw invalidArgument(`Invalid value at '${key}': expected a list of resource names.`);
  return raw as string[];
}

/** contactGroups.members.modify: a mutation (full `contacts` scope, the sequential-mutation lane). */
@Controller(googlePaths('v1/contactGroups'))
@UseFilters(GoogleApiErrorFilter)
export class ContactGroupMembersController {
  constructor(private readonly gate: GoogleApiGate) {}

  @Post(':id/members\\:modify')
  @HttpCode(200)
  modify(@Headers('authorization') auth: string | undefined, @Param('id') id: string, @Body() raw: unknown) {
    const operation = 'contactGroups.members.modify';
    return this.gate.call(auth, operation, { write: true }, (book) => {
      const body = isObject(raw) ? raw : {};
      const add = names(body, 'resourceNamesToAdd');
      const remove = names(body, 'resourceNamesToRemove');
      if (add.length + remove.length > MEMBERS_MODIFY_LIMIT) {
        throw invalidArgument(`Too many resource names: resource_names_to_add and resource_names_to_remove may hold at most ${MEMBERS_MODIFY_LIMIT} together, got ${add.length + remove.length}.`);
      }
      const result = modifyMembers(book, `contactGroups/${id}`, add, remove, { by: 'api', operation });
      if (!result.ok) throw refusalError(result.refusal);
      // proto3 JSON: empty lists are left out.
      const { notFoundResourceNames, canNotRemoveLastContactGroupResourceNames } = result.value;
      return {
        ...(notFoundResourceNames.length ? { notFoundResourceNames } : {}),
        ...(canNotRemoveLastContactGroupResourceNames.length ? { canNotRemoveLastContactGroupResourceNames } : {}),
      };
    });
  }
}
