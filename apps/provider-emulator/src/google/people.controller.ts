import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { GoogleApiGate } from './google-api-gate';
import { expiredSyncToken, invalidArgument, notFound } from './google-errors';
import { parsePersonFields, renderPerson } from './person-renderer';

/** people.connections.list and people.get of the People API v1. */
@Controller('v1/people')
export class PeopleController {
  constructor(private readonly gate: GoogleApiGate) {}

  @Get('me/connections')
  list(@Headers('authorization') auth: string | undefined, @Query() q: Record<string, string | undefined>) {
    const book = this.gate.enter(auth, 'people.connections.list');
    const fields = parsePersonFields(q.personFields);
    const pageSize = q.pageSize === undefined ? 100 : Number(q.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw invalidArgument('pageSize must be between 1 and 1000.');
    // A page token is only valid with the query that produced it.
    const queryKey = createHash('sha1').update(JSON.stringify([q.personFields, q.syncToken ?? null, q.requestSyncToken ?? null, q.sortOrder ?? null])).digest('hex');
    const page = book.list({ syncToken: q.syncToken, pageToken: q.pageToken, pageSize, queryKey });
    if (page === 'expired') throw expiredSyncToken();
    if (page === 'bad_page_token') throw invalidArgument('Parameters provided with a page token do not match the original request, or the page token is invalid.');
    return {
      connections: page.persons.map((p) => renderPerson(p, fields)),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      ...(page.nextSyncToken && (q.requestSyncToken === 'true' || q.syncToken) ? { nextSyncToken: page.nextSyncToken } : {}),
      totalPeople: page.total,
      totalItems: page.total,
    };
  }

  @Get(':id')
  get(@Headers('authorization') auth: string | undefined, @Param('id') id: string, @Query('personFields') personFields?: string) {
    const book = this.gate.enter(auth, 'people.get');
    const person = book.get(`people/${id}`);
    if (!person) throw notFound(`people/${id}`);
    return renderPerson(person, parsePersonFields(personFields));
  }
}
