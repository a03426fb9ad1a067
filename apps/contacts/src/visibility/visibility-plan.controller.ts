import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, ApiInternal, InternalApi } from '@contact-sync/platform';
import { DirectoryIdPipe } from '../directory/directory-id.pipe';
import { PersonRepository } from '../persons/person.repository';
import { ReaderService } from './reader.service';

/**
 * Operator diagnostics (internal token): the database query behind a user's person list, the
 * collection's indexes and the server's explain of it, to check that visibility is index-served.
 */
@InternalApi('contacts.diagnostics')
@Controller('internal/diagnostics/companies/:companyId/users/:userId')
@ApiInternal()
export class VisibilityPlanController {
  constructor(
    private readonly readers: ReaderService,
    private readonly persons: PersonRepository,
  ) {}

  @Get('person-list-plan')
  @ApiOperation({ summary: "Operator diagnostics: the query behind the user's person list, the indexes, and the server's explain of it" })
  @ApiOkResponse({ description: 'The reader, the filter, the indexes and summaries of the explain (shape follows the database engine)', schema: { type: 'object', additionalProperties: true } })
  @ApiErrors([400, 'An id is not 1-128 letters, digits and _.:-'])
  async plan(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    const reader = await this.readers.forActor({ companyId, userId });
    return { reader, ...(await this.persons.explainFirstPage(reader, 100)) };
  }
}
