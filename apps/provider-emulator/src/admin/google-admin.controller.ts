import { Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { PhotoRegistry } from '../core/photo-registry';
import { origin } from '../core/request-origin';
import type { z } from 'zod';
import { ConsentScript } from '../core/consent-script';
import { accountKey } from '../core/provider';
import { TokenIssuer } from '../core/token-issuer';
import { ALL_CONTACTS } from '../google/address-book/contact-group-set';
import type { GoogleAddressBook, PersonExtras } from '../google/address-book/google-address-book';
import { GoogleSettings } from '../google/google-settings';
import { GoogleStore } from '../google/google-store';
import { ALL_PERSON_FIELDS } from '../google/person/person-fields-mask';
import { renderPerson } from '../google/person/person-renderer';
import { createAccountSchema, createGroupSchema, googleSettingsSchema, nextConsentSchema, seedPeopleSchema } from './admin-schemas';
import { resolvePersonInput, type ResolvedPersonInput } from './google-people-input';
import { badRequest, ZodBodyPipe } from './zod-body.pipe';

const resourceNameOf = (id: string) => (id.startsWith('people/') ? id : `people/${id}`);

/**
 * Test and demo control of the emulated Google accounts: seed, edit and delete contacts, create
 * groups, expire sync tokens, revoke grants, script consent. Unauthenticated: never expose it.
 */
@Controller('admin/google')
export class GoogleAdminController {
  constructor(
    private readonly store: GoogleStore,
    private readonly settings: GoogleSettings,
    private readonly tokens: TokenIssuer,
    private readonly consent: ConsentScript,
    private readonly photos: PhotoRegistry,
  ) {}

  private extras(input: ResolvedPersonInput): PersonExtras {
    return { photoId: input.photo === undefined ? undefined : input.photo && this.photos.put(input.photo), omitEtag: input.omitEtag };
  }

  private book(email: string): GoogleAddressBook {
    const book = this.store.find(email);
    if (!book) throw new NotFoundException(`no emulated Google account ${accountKey(email)}: create it with POST /admin/google/accounts`);
    return book;
  }

  @Post('accounts')
  createAccount(@Body(new ZodBodyPipe(createAccountSchema)) body: z.infer<typeof createAccountSchema>) {
    const created = !this.store.find(body.email);
    return { email: this.store.ensure(body.email).email, created };
  }

  @Get('accounts')
  accounts() {
    return { accounts: this.store.emails().map((email) => ({ email, persons: this.book(email).liveCount() })) };
  }

  @Post('accounts/:email/groups')
  createGroup(@Param('email') email: string, @Body(new ZodBodyPipe(createGroupSchema)) body: z.infer<typeof createGroupSchema>) {
    const book = this.book(email);
    const group = book.groups.create(body.name, new Date(book.clock()).toISOString());
    if (group === 'exists') throw new ConflictException(`a contact group named "${body.name}" already exists in ${book.email}`);
    return group;
  }

  /** The group disappears (contactGroups.delete without deleteContacts): members stay, without it. */
  @Delete('accounts/:email/groups/:id')
  @HttpCode(204)
  deleteGroup(@Param('email') email: string, @Param('id') id: string): void {
    const resourceName = id.startsWith('contactGroups/') ? id : `contactGroups/${id}`;
    if (!this.book(email).deleteGroup(resourceName)) throw new NotFoundException(`no user contact group ${resourceName}`);
  }

  @Get('accounts/:email/groups')
  groups(@Param('email') email: string) {
    const book = this.book(email);
    const counts = book.memberCounts();
    return {
      contactGroups: book.groups.all().map((g) => ({ ...g, memberCount: g.resourceName === ALL_CONTACTS ? book.liveCount() : (counts.get(g.resourceName) ?? 0) })),
    };
  }

  /** Bulk seeding: all bodies are validated first, so a bad one leaves the book untouched. */
  @Post('accounts/:email/people')
  seed(@Param('email') email: string, @Body(new ZodBodyPipe(seedPeopleSchema)) body: z.infer<typeof seedPeopleSchema>) {
    const book = this.book(email);
    const errors: string[] = [];
    const inputs = body.people.map((p, i) => {
      const r = resolvePersonInput(book, p, `people[${i}]`);
      if (!r.ok) errors.push(...r.errors);
      return r.ok ? r.value : undefined;
    });
    if (errors.length) throw badRequest(errors);
    const resourceNames = inputs.map((input) => {
      const resolved = input as NonNullable<typeof input>;
      return book.create(resolved.fields, resolved.groups ?? [], this.extras(resolved)).resourceName;
    });
    return { resourceNames };
  }

  @Get('accounts/:email/people')
  people(@Param('email') email: string, @Req() req: Request, @Query('includeDeleted') includeDeleted?: string) {
    const book = this.book(email);
    const records = includeDeleted === 'true' ? book.changedSince(0) : book.live();
    return { people: records.map((p) => renderPerson(p, ALL_PERSON_FIELDS, origin(req))) };
  }

  @Get('accounts/:email/people/:id')
  person(@Param('email') email: string, @Param('id') id: string, @Req() req: Request) {
    const person = this.book(email).get(resourceNameOf(id));
    if (!person) throw new NotFoundException(`no person ${resourceNameOf(id)}`);
    return renderPerson(person, ALL_PERSON_FIELDS, origin(req));
  }

  /** Who made the person's last change: `api` (a client such as the sync's write-back) or `admin` (the user). */
  @Get('accounts/:email/people/:id/last-change')
  lastChange(@Param('email') email: string, @Param('id') id: string) {
    const person = this.book(email).record(resourceNameOf(id));
    if (!person) throw new NotFoundException(`no person ${resourceNameOf(id)}`);
    return { ...person.lastChange, deleted: person.deleted };
  }

  /** Replaces the given fields (null or [] removes one); `groups` replaces the memberships. */
  @Patch('accounts/:email/people/:id')
  patch(@Param('email') email: string, @Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const book = this.book(email);
    const current = book.get(resourceNameOf(id));
    if (!current) throw new NotFoundException(`no person ${resourceNameOf(id)}`);
    const input = resolvePersonInput(book, body, 'body', current.groups);
    if (!input.ok) throw badRequest(input.errors);
    const updated = book.update(current.resourceName, input.value.fields, input.value.groups, this.extras(input.value));
    return renderPerson(updated as NonNullable<typeof updated>, ALL_PERSON_FIELDS, origin(req));
  }

  @Delete('accounts/:email/people/:id')
  @HttpCode(204)
  remove(@Param('email') email: string, @Param('id') id: string): void {
    if (!this.book(email).delete(resourceNameOf(id))) throw new NotFoundException(`no person ${resourceNameOf(id)}`);
  }

  @Post('accounts/:email/expire-sync-tokens')
  @HttpCode(200)
  expireSyncTokens(@Param('email') email: string) {
    return { expired: this.book(email).syncTokens.expireAll() };
  }

  /** The user removed the app in their Google account: refreshes fail with invalid_grant. */
  @Post('accounts/:email/revoke')
  @HttpCode(204)
  revoke(@Param('email') email: string): void {
    this.tokens.revokeAccount('google', this.book(email).email);
  }

  @Post('accounts/:email/next-consent')
  @HttpCode(204)
  nextConsent(@Param('email') email: string, @Body(new ZodBodyPipe(nextConsentSchema)) body: z.infer<typeof nextConsentSchema>): void {
    this.consent.set('google', this.book(email).email, body);
  }

  @Get('settings')
  getSettings() {
    return this.settings.snapshot();
  }

  @Put('settings')
  putSettings(@Body(new ZodBodyPipe(googleSettingsSchema)) body: z.infer<typeof googleSettingsSchema>) {
    if (body.syncTokenLifetimeSeconds !== undefined) this.settings.syncTokenLifetimeSeconds = body.syncTokenLifetimeSeconds;
    if (body.expiredSyncTokenHttpStatus !== undefined) this.settings.expiredSyncTokenHttpStatus = body.expiredSyncTokenHttpStatus;
    if (body.sequentialMutations !== undefined) this.settings.sequentialMutations = body.sequentialMutations;
    if (body.writePropagationDelayMs !== undefined) this.settings.writePropagationDelayMs = body.writePropagationDelayMs;
    if (body.latencyMs !== undefined) this.settings.latencyMs = body.latencyMs;
    return this.settings.snapshot();
  }
}
