import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { origin } from '../../core/request-origin';
import { googlePaths } from '../google-paths';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { getBatchGet } from './people-batch-get';
import { batchCreateContacts, batchDeleteContacts, batchUpdateContacts } from './people-batch-methods';

const api = (operation: string) => ({ by: 'api' as const, operation });

/**
 * The People API batch methods: batchCreateContacts, batchUpdateContacts, batchDeleteContacts
 * (mutations: full `contacts` scope, one place in the sequential-mutation lane per call) and
 * getBatchGet (a read). Same gate as the single calls; one request is one counted call.
 */
@Controller(googlePaths('v1'))
@UseFilters(GoogleApiErrorFilter)
export class PeopleBatchController {
  constructor(private readonly gate: GoogleApiGate) {}

  @Post('people\\:batchCreateContacts')
  @HttpCode(200)
  batchCreate(@Headers('authorization') auth: string | undefined, @Body() body: unknown, @Req() req: Request) {
    const operation = 'people.batchCreateContacts';
    return this.gate.call(auth, operation, { write: true }, (book) => batchCreateContacts(book, body, api(operation), origin(req)));
  }

  @Post('people\\:batchUpdateContacts')
  @HttpCode(200)
  batchUpdate(@Headers('authorization') auth: string | undefined, @Body() body: unknown, @Req() req: Request) {
    const operation = 'people.batchUpdateContacts';
    return this.gate.call(auth, operation, { write: true }, (book) => batchUpdateContacts(book, body, api(operation), origin(req)));
  }

  @Post('people\\:batchDeleteContacts')
  @HttpCode(200)
  batchDelete(@Headers('authorization') auth: string | undefined, @Body() body: unknown) {
    const operation = 'people.batchDeleteContacts';
    return this.gate.call(auth, operation, { write: true }, (book) => batchDeleteContacts(book, body, api(operation)));
  }

  @Get('people\\:batchGet')
  batchGet(@Headers('authorization') auth: string | undefined, @Query() query: Record<string, unknown>, @Req() req: Request) {
    return this.gate.call(auth, 'people.getBatchGet', {}, (book) => getBatchGet(book, query, origin(req)));
  }
}
