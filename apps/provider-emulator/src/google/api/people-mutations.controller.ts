import { Body, Controller, Delete, Headers, HttpCode, Param, Patch, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { origin } from '../../microsoft/api/odata-query';
import { createContact, deleteContact, updateContact, type MutationRefusal } from '../address-book/contact-mutations';
import { googlePaths } from '../google-paths';
import { ALL_PERSON_FIELDS, parsePersonFieldsMask } from '../person/person-fields-mask';
import type { PersonField } from '../person/person-fields';
import { renderPerson } from '../person/person-renderer';
import { invalidArgument, notFound, staleEtag, type GoogleApiError } from './google-api-error';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { first } from './query-params';

/** The response mask of a write: `personFields`, all fields when unset (createContact reference). */
function responseFields(query: Record<string, unknown>): ReadonlySet<PersonField> {
  const raw = first(query.personFields);
  if (!raw) return ALL_PERSON_FIELDS;
  const mask = parsePersonFieldsMask(raw);
  if (!mask.ok) throw invalidArgument(mask.message);
  return mask.fields;
}

function refused(refusal: MutationRefusal): GoogleApiError {
  if (refusal.kind === 'not_found') return notFound();
  if (refusal.kind === 'stale_etag') return staleEtag();
  return invalidArgument(refusal.message);
}

/** `people/c123:updateContact` style paths (gRPC transcoding): the id and the custom method. */
function target(segment: string, method: string): string {
  const [id, verb] = segment.split(':');
  if (verb !== method || !id) throw notFound();
  if (!/^c\d+$/.test(id)) throw invalidArgument(`Resource name "people/${id}" is not valid.`);
  return `people/${id}`;
}

/**
 * People API writes: people.createContact, people.updateContact, people.deleteContact. They pass
 * the same gate as reads (token, counter, faults) and need the full `contacts` scope; each moves
 * the contact's etag, update time and change sequence, so the next sync sees our own write.
 */
@Controller(googlePaths('v1'))
@UseFilters(GoogleApiErrorFilter)
export class PeopleMutationsController {
  constructor(private readonly gate: GoogleApiGate) {}

  @Post(':method')
  create(@Headers('authorization') auth: string | undefined, @Param('method') method: string, @Query() query: Record<string, unknown>, @Body() body: unknown, @Req() req: Request) {
    if (method !== 'people:createContact') throw notFound();
    const operation = 'people.createContact';
    const book = this.gate.enter(auth, operation, { write: true });
    const fields = responseFields(query);
    const result = createContact(book, body, { by: 'api', operation });
    if (!result.ok) throw refused(result.refusal);
    return renderPerson(result.person, fields, origin(req));
  }

  @Patch('people/:segment')
  update(@Headers('authorization') auth: string | undefined, @Param('segment') segment: string, @Query() query: Record<string, unknown>, @Body() body: unknown, @Req() req: Request) {
    const resourceName = target(segment, 'updateContact');
    const operation = 'people.updateContact';
    const book = this.gate.enter(auth, operation, { write: true });
    const fields = responseFields(query);
    const result = updateContact(book, resourceName, first(query.updatePersonFields), body, { by: 'api', operation });
    if (!result.ok) throw refused(result.refusal);
    return renderPerson(result.person, fields, origin(req));
  }

  @Delete('people/:segment')
  @HttpCode(200)
  remove(@Headers('authorization') auth: string | undefined, @Param('segment') segment: string) {
    const resourceName = target(segment, 'deleteContact');
    const operation = 'people.deleteContact';
    const book = this.gate.enter(auth, operation, { write: true });
    const result = deleteContact(book, resourceName, { by: 'api', operation });
    if (!result.ok) throw refused(result.refusal);
    return {};
  }
}
