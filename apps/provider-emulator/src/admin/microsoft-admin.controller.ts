import { Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post, Put } from '@nestjs/common';
import type { z } from 'zod';
import { ConsentScript } from '../core/consent-script';
import { accountKey } from '../core/provider';
import { TokenIssuer } from '../core/token-issuer';
import { parseContactInput, type ContactInput } from '../microsoft/contact/contact-input';
import { renderContact } from '../microsoft/contact/contact-renderer';
import type { ContactRecord, Mailbox } from '../microsoft/mailbox/mailbox';
import { MicrosoftSettings } from '../microsoft/microsoft-settings';
import { MicrosoftStore } from '../microsoft/microsoft-store';
import { createAccountSchema, createFolderSchema, microsoftSettingsSchema, nextConsentSchema, seedContactsSchema } from './admin-schemas';
import { badRequest, ZodBodyPipe } from './zod-body.pipe';

/** Validates a contact body and that its folderId names a folder of the mailbox. */
function resolveContactInput(mailbox: Mailbox, body: unknown, where: string): { ok: true; value: ContactInput } | { ok: false; errors: string[] } {
  const parsed = parseContactInput(body, where);
  if (!parsed.ok) return parsed;
  if (parsed.value.folderId !== undefined && !mailbox.folders.get(parsed.value.folderId)) {
    return { ok: false, errors: [`${where}.folderId: no contact folder ${parsed.value.folderId} in ${mailbox.email}`] };
  }
  return parsed;
}

/**
 * Test and demo control of the emulated Microsoft accounts: folders, seeding, editing, moving and
 * deleting contacts, expiring delta tokens, revoking grants, scripting consent, settings.
 * Unauthenticated: never expose it. Contacts are named by any id they have had (regular, former
 * regular after a move, or immutable), so a test may keep the id it seeded with.
 */
@Controller('admin/microsoft')
export class MicrosoftAdminController {
  constructor(
    private readonly store: MicrosoftStore,
    private readonly tokens: TokenIssuer,
    private readonly consent: ConsentScript,
    private readonly settings: MicrosoftSettings,
  ) {}

  private contactOf(mailbox: Mailbox, id: string): ContactRecord {
    const contact = mailbox.find(id);
    if (!contact) throw new NotFoundException(`no contact ${id}`);
    return contact;
  }

  private mailbox(email: string): Mailbox {
    const mailbox = this.store.find(email);
    if (!mailbox) throw new NotFoundException(`no emulated Microsoft account ${accountKey(email)}: create it with POST /admin/microsoft/accounts`);
    return mailbox;
  }

  @Post('accounts')
  createAccount(@Body(new ZodBodyPipe(createAccountSchema)) body: z.infer<typeof createAccountSchema>) {
    const created = !this.store.find(body.email);
    return { email: this.store.ensure(body.email).email, created };
  }

  @Get('accounts')
  accounts() {
    return { accounts: this.store.emails().map((email) => ({ email, contacts: this.mailbox(email).count() })) };
  }

  /** A top-level folder (child of the default Contacts folder), or a child of `parentFolderId`. */
  @Post('accounts/:email/folders')
  createFolder(@Param('email') email: string, @Body(new ZodBodyPipe(createFolderSchema)) body: z.infer<typeof createFolderSchema>) {
    const mailbox = this.mailbox(email);
    const folder = mailbox.folders.create(body.displayName, body.parentFolderId);
    if (folder === 'no-parent') throw badRequest([`parentFolderId: no contact folder ${body.parentFolderId} in ${mailbox.email}`]);
    if (folder === 'exists') throw new ConflictException(`a folder named "${body.displayName}" already exists there in ${mailbox.email}`);
    return { id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId };
  }

  /** The folder disappears with its subfolders and contacts: a synced folder that no longer resolves (404). */
  @Delete('accounts/:email/folders/:id')
  @HttpCode(204)
  deleteFolder(@Param('email') email: string, @Param('id') id: string): void {
    if (!this.mailbox(email).deleteFolder(id)) throw new NotFoundException(`no user contact folder ${id} (the default folder cannot be deleted)`);
  }

  @Get('accounts/:email/folders')
  folders(@Param('email') email: string) {
    return { folders: this.mailbox(email).folders.all() };
  }

  /** Bulk seeding: all bodies are validated first, so a bad one leaves the mailbox untouched. */
  @Post('accounts/:email/contacts')
  seed(@Param('email') email: string, @Body(new ZodBodyPipe(seedContactsSchema)) body: z.infer<typeof seedContactsSchema>) {
    const mailbox = this.mailbox(email);
    const errors: string[] = [];
    const inputs = body.contacts.map((c, i) => {
      const r = resolveContactInput(mailbox, c, `contacts[${i}]`);
      if (!r.ok) errors.push(...r.errors);
      return r.ok ? r.value : undefined;
    });
    if (errors.length) throw badRequest(errors);
    return { ids: inputs.map((input) => mailbox.create(input as ContactInput).id) };
  }

  @Get('accounts/:email/contacts')
  contacts(@Param('email') email: string) {
    // The immutable id too: clients that send Prefer: IdType="ImmutableId" (ours do) know contacts by it.
    return { contacts: this.mailbox(email).all().map((c) => ({ ...renderContact(c), immutableId: c.immutableId })) };
  }

  @Get('accounts/:email/contacts/:id')
  contact(@Param('email') email: string, @Param('id') id: string) {
    return renderContact(this.contactOf(this.mailbox(email), id));
  }

  /** Who made the contact's last change: `api` (a Graph client such as the write-back) or `admin` (the user); deletions included. */
  @Get('accounts/:email/contacts/:id/last-change')
  lastChange(@Param('email') email: string, @Param('id') id: string) {
    const change = this.mailbox(email).lastChangeOf(id);
    if (!change) throw new NotFoundException(`no contact ${id}`);
    return change;
  }

  /**
   * Partial Graph fields (null clears one); `photo: null` removes the photo. `folderId` moves the
   * contact as the user would in Outlook: a new regular id (answered here), the same immutable id.
   */
  @Patch('accounts/:email/contacts/:id')
  patch(@Param('email') email: string, @Param('id') id: string, @Body() body: unknown) {
    const mailbox = this.mailbox(email);
    const contact = this.contactOf(mailbox, id);
    const input = resolveContactInput(mailbox, body, 'body');
    if (!input.ok) throw badRequest(input.errors);
    return renderContact(mailbox.update(contact.immutableId, input.value) as ContactRecord);
  }

  @Delete('accounts/:email/contacts/:id')
  @HttpCode(204)
  remove(@Param('email') email: string, @Param('id') id: string): void {
    const mailbox = this.mailbox(email);
    mailbox.delete(this.contactOf(mailbox, id).immutableId);
  }

  /** Every outstanding skip and delta token of the account answers 410 SyncStateNotFound from now on. */
  @Post('accounts/:email/expire-delta-tokens')
  @HttpCode(204)
  expireDeltaTokens(@Param('email') email: string): void {
    this.mailbox(email).delta.expireAll();
  }

  /** The user removed the app's access: refreshes fail with invalid_grant, Graph calls with 401. */
  @Post('accounts/:email/revoke')
  @HttpCode(204)
  revoke(@Param('email') email: string): void {
    this.tokens.revokeAccount('microsoft', this.mailbox(email).email);
  }

  @Post('accounts/:email/next-consent')
  @HttpCode(204)
  nextConsent(@Param('email') email: string, @Body(new ZodBodyPipe(nextConsentSchema)) body: z.infer<typeof nextConsentSchema>): void {
    this.consent.set('microsoft', this.mailbox(email).email, body);
  }

  @Get('settings')
  getSettings() {
    return this.settings.snapshot();
  }

  @Put('settings')
  putSettings(@Body(new ZodBodyPipe(microsoftSettingsSchema)) body: z.infer<typeof microsoftSettingsSchema>) {
    if (body.mailboxConcurrencyLimit !== undefined) this.settings.mailboxConcurrencyLimit = body.mailboxConcurrencyLimit;
    if (body.latencyMs !== undefined) this.settings.latencyMs = body.latencyMs;
    return this.settings.snapshot();
  }
}
