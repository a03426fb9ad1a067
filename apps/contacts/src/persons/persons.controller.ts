import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PhotoRepository } from '../photos/photo.repository';
import { ApiActorAuth, ApiErrors, CurrentActor, type Actor } from '@contact-sync/platform';
import { ReaderService } from '../visibility/reader.service';
import { PersonRepository } from './person.repository';
import { toPersonView } from './person.view';
import { PersonPageResponse, PersonResponse, SyncHistoryResponse } from './person.response';
import { ListPersonsQuery } from './list-persons.query';
import { CreatePersonDto, MoveOwnerDto, PersonInputDto } from './person-input.dto';
import { PersonWriteService } from './person-write.service';
import { SyncHistoryRepository } from '../history/sync-history.repository';

/**
 * The CRM-side person API. Every read and change goes through the reader's visibility, and a
 * person the reader may not see answers 404 exactly like one that does not exist (no existence leak).
 */
@ApiTags('persons')
@ApiActorAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly persons: PersonRepository,
    private readonly readers: ReaderService,
    private readonly photos: PhotoRepository,
    private readonly writes: PersonWriteService,
    private readonly history: SyncHistoryRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The persons the acting user may see, a page at a time (optionally searched)' })
  @ApiOkResponse({ type: PersonPageResponse })
  @ApiErrors(400)
  async list(@CurrentActor() actor: Actor, @Query() query: ListPersonsQuery): Promise<PersonPageResponse> {
    const reader = await this.readers.forActor(actor);
    const [page, total] = await Promise.all([
      this.persons.page(reader, { limit: query.limit ?? 100, after: query.after, q: query.q }),
      this.persons.countVisible(reader, query.q),
    ]);
    return { items: page.items.map(toPersonView), nextCursor: page.nextCursor, total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A person the acting user may see' })
  @ApiOkResponse({ type: PersonResponse })
  @ApiErrors(404)
  async get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PersonResponse> {
    const person = await this.persons.findVisible(await this.readers.forActor(actor), id);
    if (!person) throw new NotFoundException(`person ${id} not found`);
    return toPersonView(person);
  }

  /** The photo's bytes (never in person JSON), under the same visibility as the person. */
  @Get(':id/photo')
  @ApiOperation({ summary: "The person's photo (ETag: its sha256)" })
  @ApiProduces('image/jpeg', 'image/png', 'image/gif', 'image/webp')
  @ApiOkResponse({ description: 'The bytes, with their content type', schema: { type: 'string', format: 'binary' } })
  @ApiErrors([404, 'No such person visible to the acting user, or the person has no photo'])
  async photo(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const person = await this.persons.findVisible(await this.readers.forActor(actor), id);
    if (!person) throw new NotFoundException(`person ${id} not found`);
    const ref = person.photo;
    const photo = ref ? await this.photos.get(ref.hash) : null;
    if (!ref || !photo) throw new NotFoundException(`person ${id} has no photo`);
    // Content-addressed: the bytes behind this URL change only with the person's photo reference.
    res.setHeader('content-type', photo.contentType);
    res.setHeader('etag', `"${ref.hash}"`);
    res.setHeader('cache-control', 'private, max-age=300');
    res.end(photo.bytes);
  }

  /**
   * The merges of this person with its provider contacts in which both sides had changed a field:
   * both values, the side that won and why, newest first (visible to whoever sees the person).
   */
  @Get(':id/sync-history')
  @ApiOperation({ summary: "Merges in which both the CRM and the provider had changed a field: both values and the winner" })
  @ApiOkResponse({ type: SyncHistoryResponse })
  @ApiErrors(404)
  async syncHistory(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SyncHistoryResponse> {
    const person = await this.persons.findVisible(await this.readers.forActor(actor), id);
    if (!person) throw new NotFoundException(`person ${id} not found`);
    const entries = await this.history.forPerson(person.companyId, id, 200);
    return {
      items: entries.map((e) => ({ at: e.createdAt, accountId: e.accountId, during: e.during, decisions: e.decisions })),
    };
  }

  /** A person made by the acting user, who owns it; 403 without the "add people" permission. */
  @Post()
  @ApiOperation({ summary: 'Create a person owned by the acting user' })
  @ApiCreatedResponse({ type: PersonResponse })
  @ApiErrors(400, [403, 'The acting user lacks the "add people" permission (or "add organizations" for a new organization)'])
  async create(@CurrentActor() actor: Actor, @Body() dto: CreatePersonDto): Promise<PersonResponse> {
    return toPersonView(await this.writes.create(actor, dto));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change what is sent; null clears a field' })
  @ApiOkResponse({ type: PersonResponse })
  @ApiErrors(400, [403, 'A new organization needs the "add organizations" permission'], 404)
  async update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: PersonInputDto): Promise<PersonResponse> {
    return toPersonView(await this.writes.update(actor, id, dto));
  }

  /** Ownership moves to another user of the company (ends the old owner's write-back of the person). */
  @Put(':id/owner')
  @ApiOperation({ summary: 'Give the person to another user of the company' })
  @ApiOkResponse({ type: PersonResponse })
  @ApiErrors([400, 'Invalid, or the user is not in the company'], 404)
  async moveOwner(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: MoveOwnerDto): Promise<PersonResponse> {
    return toPersonView(await this.writes.moveOwner(actor, id, dto.userId));
  }

  /** Soft delete: the person stays restorable. */
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the person (soft: it stays restorable)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.writes.delete(actor, id);
  }
}
