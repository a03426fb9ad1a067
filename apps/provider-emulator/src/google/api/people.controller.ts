import { Controller, Get, Headers, Param, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { origin } from '../../microsoft/api/odata-query';
import { listConnections, SORT_ORDERS, type SortOrder } from '../address-book/connections-query';
import type { GoogleAddressBook } from '../address-book/google-address-book';
import { googlePaths } from '../google-paths';
import { GoogleSettings } from '../google-settings';
import { parsePersonFieldsMask } from '../person/person-fields-mask';
import type { PersonField } from '../person/person-fields';
import { renderPerson } from '../person/person-renderer';
import { expiredSyncToken, invalidArgument, notFound } from './google-api-error';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { all, boolParam, first, pageSizeParam } from './query-params';

function personFields(query: Record<string, unknown>): Set<PersonField> {
  // requestMask.includeField is the deprecated spelling of personFields.
  const mask = parsePersonFieldsMask(first(query.personFields) ?? first(query['requestMask.includeField']));
  if (!mask.ok) throw invalidArgument(mask.message);
  return mask.fields;
}

/** people.connections.list and people.get of the People API v1. */
@Controller(googlePaths('v1/people'))
@UseFilters(GoogleApiErrorFilter)
export class PeopleController {
  constructor(
    private readonly gate: GoogleApiGate,
    private readonly settings: GoogleSettings,
  ) {}

  @Get('me/connections')
  list(@Headers('authorization') auth: string | undefined, @Query() query: Record<string, unknown>, @Req() req: Request) {
    const book = this.gate.enter(auth, 'people.connections.list');
    const fields = personFields(query);
    const pageSize = pageSizeParam(first(query.pageSize), 'page_size', 100, 1000);
    const requestSyncToken = boolParam(first(query.requestSyncToken), 'request_sync_token');
    const sortOrder = (first(query.sortOrder) ?? 'LAST_MODIFIED_ASCENDING') as SortOrder;
    if (!SORT_ORDERS.includes(sortOrder)) throw invalidArgument(`Invalid value at 'sort_order', "${sortOrder}"`);
    const syncToken = first(query.syncToken) || undefined;
    const pageToken = first(query.pageToken) || undefined;
    // "When the pageToken or syncToken is specified, all other request parameters must match the first call."
    const queryKey = JSON.stringify([[...fields].sort(), syncToken ?? null, requestSyncToken, sortOrder, all(query.sources).sort()]);

    const page = listConnections(book, {
      pageSize,
      pageToken,
      syncToken,
      requestSyncToken,
      sortOrder,
      queryKey,
      syncTokenLifetimeMs: this.settings.syncTokenLifetimeSeconds * 1000,
    });
    if (page === 'expired_sync_token') throw expiredSyncToken(this.settings.expiredSyncTokenHttpStatus);
    if (page === 'bad_page_token') {
      throw invalidArgument('Request contains an invalid argument: the page token is invalid or the other parameters do not match the request that produced it.');
    }
    // proto3 JSON: empty lists and zero counts are left out.
    return {
      ...(page.persons.length ? { connections: page.persons.map((p) => renderPerson(p, fields, origin(req))) } : {}),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      ...(page.nextSyncToken ? { nextSyncToken: page.nextSyncToken } : {}),
      ...(page.totalItems ? { totalPeople: page.totalItems, totalItems: page.totalItems } : {}),
    };
  }

  @Get(':id')
  get(@Headers('authorization') auth: string | undefined, @Param('id') id: string, @Query() query: Record<string, unknown>, @Req() req: Request) {
    const book = this.gate.enter(auth, 'people.get', { anyScope: id === 'me' });
    const fields = personFields(query);
    if (id === 'me') return this.profile(book, fields);
    if (!/^c\d+$/.test(id)) throw invalidArgument(`Resource name "people/${id}" is not valid.`);
    const person = book.get(`people/${id}`);
    if (!person) throw notFound();
    return renderPerson(person, fields, origin(req));
  }

  /** The signed-in user's own profile: enough for a client to learn the account's address. */
  private profile(book: GoogleAddressBook, fields: Set<PersonField>) {
    const source = { type: 'PROFILE', id: book.profileId };
    const local = book.email.split('@')[0] ?? book.email;
    const values: Partial<Record<PersonField, unknown>> = {
      metadata: { sources: [source], objectType: 'PERSON' },
      names: [{ metadata: { primary: true, source }, displayName: local, givenName: local, unstructuredName: local }],
      emailAddresses: [{ metadata: { primary: true, verified: true, source: { type: 'ACCOUNT', id: book.profileId } }, value: book.email }],
    };
    const out: Record<string, unknown> = { resourceName: `people/${book.profileId}`, etag: `%E${book.profileId}` };
    for (const f of fields) if (values[f]) out[f] = values[f];
    return out;
  }
}
