import { Body, Controller, Delete, Headers, HttpCode, Param, Patch, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { origin } from '../../core/request-origin';
import { createContact, deleteContact, updateContact } from '../address-book/contact-mutations';
import { googlePaths } from '../google-paths';
import { renderPerson } from '../person/person-renderer';
import { invalidArgument, notFound } from './google-api-error';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { writeResponseFields } from './person-masks';
import { first } from './query-params';
import { refusalError } from './refusal-error';

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

  @Post('people\\:createContact')
  @HttpCode(200)
  create(@Headers('authorization') auth: string | undefined, @Query() query: Record<string, unknown>, @Body() body: unknown, @Req() req: Request) {
    const operation = 'people.createContact';
    return this.gate.call(auth, operation, { write: true }, (book) => {
      const fields = writeResponseFields(query);
      const result = createContact(book, body, { by: 'api', operation });
      if (!result.ok) throw refusalError(result.refusal);
      return renderPerson(result.value, fields, origin(req));
    });
  }

  @Patch('people/:segment')
  update(@Headers('authorization') auth: string | undefined, @Param('segment') segment: string, @Query() query: Record<string, unknown>, @Body() body: unknown, @Req() req: Request) {
    const resourceName = target(segment, 'updateContact');
    const operation = 'people.updateContact';
    return this.gate.call(auth, operation, { write: true }, (book) => {
      const fields = writeResponseFields(query);
      const result = updateContact(book, resourceName, first(query.updatePersonFields), body, { by: 'api', operation });
      if (!result.ok) throw refusalError(result.refusal);
      return renderPerson(result.value, fields, origin(req));
    });
  }

  @Delete('people/:segment')
  @HttpCode(200)
  remove(@Headers('authorization') auth: string | undefined, @Param('segment') segment: string) {
    const resourceName = target(segment, 'deleteContact');
    const operation = 'people.deleteContact';
    return this.gate.call(auth, operation, { write: true }, (book) => {
      const result = deleteContact(book, resourceName, { by: 'api', operation });
      if (!result.ok) throw refusalError(result.refusal);
      return {};
    });
  }
}
