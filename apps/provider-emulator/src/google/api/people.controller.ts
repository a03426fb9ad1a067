import { Controller, Get, Headers, Param, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { origin } from '../../core/request-origin';
import { listConnections, SORT_ORDERS, type SortOrder } from '../address-book/connections-query';
import { googlePaths } from '../google-paths';
import { GoogleSettings } from '../google-settings';
import { renderPerson } from '../person/person-renderer';
import { expiredSyncToken, invalidArgument, notFound } from './google-api-error';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { requiredPersonFields } from './person-masks';
import { renderProfile } from './profile';
import { all, boolParam, first, pageSizeParam } from './query-params';

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
    return this.gate.call(auth, 'people.connections.list', {}, (book) => {
      const fields = requiredPersonFields(query);
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
    });
  }

  @Get(':id')
  get(@Headers('authorization') auth: string | undefined, @Param('id') id: string, @Query() query: Record<string, unknown>, @Req() req: Request) {
    return this.gate.call(auth, 'people.get', { anyScope: id === 'me' }, (book) => {
      const fields = requiredPersonFields(query);
      if (id === 'me') return renderProfile(book, fields);
      if (!/^c\d+$/.test(id)) throw invalidArgument(`Resource name "people/${id}" is not valid.`);
      const person = book.get(`people/${id}`);
      if (!person) throw notFound();
      return renderPerson(person, fields, origin(req));
    });
  }
}
