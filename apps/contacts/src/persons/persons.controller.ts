import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { CurrentActor, type Actor } from '@contact-sync/platform';
import { PersonRepository } from './person.repository';
import { toPersonView } from './person.view';
import { ListPersonsQuery } from './list-persons.query';

@Controller('persons')
export class PersonsController {
  constructor(private readonly persons: PersonRepository) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: ListPersonsQuery) {
    const scope = { companyId: actor.companyId, userId: actor.userId };
    const [page, total] = await Promise.all([this.persons.page(scope, query.limit ?? 100, query.after), this.persons.countVisible(scope)]);
    return { items: page.items.map(toPersonView), nextCursor: page.nextCursor, total };
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const person = await this.persons.findVisible({ companyId: actor.companyId, userId: actor.userId }, id);
    // Invisible and missing look the same: no existence leak.
    if (!person) throw new NotFoundException(`person ${id} not found`);
    return toPersonView(person);
  }
}
