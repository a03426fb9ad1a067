import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { FaultInjector } from '../core/fault-injector';
import { RequestCounter } from '../core/request-counter';
import { TokenIssuer } from '../core/token-issuer';
import { GoogleStore } from '../google/google-store';
import { renderPerson } from '../google/person-renderer';
import { PERSON_FIELDS } from '../google/google-person-fields';
import { CreateAccountDto, CreateGroupDto, FaultDto, SeedPeopleDto, TokenLifetimeDto } from './admin.dto';
import { parsePersonInput } from './person-input';

const ALL_FIELDS = new Set(PERSON_FIELDS);

/**
 * Test and demo control of the emulator: seed, edit and delete contacts, expire sync tokens, revoke
 * grants, inject faults, count requests. Unauthenticated by design: never expose it.
 */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly google: GoogleStore,
    private readonly tokens: TokenIssuer,
    private readonly faults: FaultInjector,
    private readonly counter: RequestCounter,
  ) {}

  private book(email: string) {
    const book = this.google.find(email);
    if (!book) throw new NotFoundException(`no emulated Google account ${email}`);
    return book;
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.google.reset();
    this.tokens.reset();
    this.faults.reset();
    this.counter.reset();
  }

  @Post('google/accounts')
  createAccount(@Body() dto: CreateAccountDto) {
    return { email: this.google.book(dto.email).email };
  }

  @Post('google/accounts/:email/groups')
  createGroup(@Param('email') email: string, @Body() dto: CreateGroupDto) {
    return this.book(email).createGroup(dto.name);
  }

  @Get('google/accounts/:email/groups')
  groups(@Param('email') email: string) {
    return this.book(email).listGroups();
  }

  @Post('google/accounts/:email/people')
  seed(@Param('email') email: string, @Body() dto: SeedPeopleDto) {
    const book = this.book(email);
    const parsed = dto.people.map((p, i) => parsePersonInput(book, p, `people[${i}]`, false));
    return { resourceNames: parsed.map((p) => book.create(p.fields, p.groups ?? [])) };
  }

  @Get('google/accounts/:email/people')
  people(@Param('email') email: string) {
    return { people: this.book(email).all().map((p) => renderPerson(p, ALL_FIELDS)) };
  }

  @Patch('google/accounts/:email/people/:id')
  patch(@Param('email') email: string, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const book = this.book(email);
    const { fields, groups } = parsePersonInput(book, body, 'body', true);
    const person = book.update(`people/${id}`, fields, groups) ? book.get(`people/${id}`) : undefined;
    if (!person) throw new NotFoundException(`no person people/${id}`);
    return renderPerson(person, ALL_FIELDS);
  }

  @Delete('google/accounts/:email/people/:id')
  @HttpCode(204)
  remove(@Param('email') email: string, @Param('id') id: string): void {
    if (!this.book(email).delete(`people/${id}`)) throw new NotFoundException(`no person people/${id}`);
  }

  @Post('google/accounts/:email/expire-sync-tokens')
  @HttpCode(204)
  expire(@Param('email') email: string): void {
    this.book(email).expireSyncTokens();
  }

  @Post('google/accounts/:email/revoke')
  @HttpCode(204)
  revoke(@Param('email') email: string): void {
    this.tokens.revoke(email.toLowerCase());
  }

  @Put('oauth/access-token-lifetime')
  @HttpCode(204)
  lifetime(@Body() dto: TokenLifetimeDto): void {
    this.tokens.accessTokenLifetimeSeconds = dto.seconds;
  }

  @Post('faults')
  @HttpCode(204)
  fault(@Body() dto: FaultDto): void {
    this.faults.add({ status: dto.status, remaining: dto.count, retryAfterSeconds: dto.retryAfterSeconds, account: dto.account?.toLowerCase() });
  }

  @Get('requests')
  requests(@Query('account') account?: string) {
    return this.counter.snapshot(account?.toLowerCase());
  }

  @Delete('requests')
  @HttpCode(204)
  resetRequests(): void {
    this.counter.reset();
  }
}
