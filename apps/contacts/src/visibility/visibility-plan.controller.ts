import { Controller, Get, Param } from '@nestjs/common';
import { InternalApi } from '@contact-sync/platform';
import { DirectoryIdPipe } from '../directory/directory-id.pipe';
import { PersonRepository } from '../persons/person.repository';
import { ReaderService } from './reader.service';

/**
 * Operator diagnostics (internal token): the database query behind a user's person list, the
 * collection's indexes and the server's explain of it, to check that visibility is index-served.
 */
@InternalApi('contacts.diagnostics')
@Controller('internal/diagnostics/companies/:companyId/users/:userId')
export class VisibilityPlanController {
  constructor(
    private readonly readers: ReaderService,
    private readonly persons: PersonRepository,
  ) {}

  @Get('person-list-plan')
  async plan(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    const reader = await this.readers.forActor({ companyId, userId });
    return { reader, ...(await this.persons.explainFirstPage(reader, 100)) };
  }
}
