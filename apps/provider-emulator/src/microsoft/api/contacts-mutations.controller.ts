import { Body, Controller, Delete, Headers, HttpCode, Param, Patch, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import type { ChangeBy } from '../../core/change-origin';
import { parseApiContact, withComposedDisplayName } from '../contact/contact-api-input';
import { renderContact } from '../contact/contact-renderer';
import { graphPaths } from '../graph-paths';
import type { ContactRecord, Mailbox } from '../mailbox/mailbox';
import { contactAt, contactEntityContext } from './contact-entity';
import { badRequest, itemNotFound } from './graph-error';
import { GraphErrorFilter } from './graph-error.filter';
import { GraphApiGate } from './graph-api-gate';

const change = (operation: string): ChangeBy => ({ by: 'api', operation });

/**
 * Graph contact writes: create (201), update (PATCH, 200) and delete (204), in the default folder
 * (`/me/contacts`) or a folder (`/me/contactFolders/{id}/contacts`). Same gate as reads, with
 * Contacts.ReadWrite; each write moves the changeKey, lastModifiedDateTime and the mailbox change
 * sequence, so the next delta round brings our own write back.
 */
@Controller()
@UseFilters(GraphErrorFilter)
export class ContactsMutationsController {
  constructor(private readonly gate: GraphApiGate) {}

  @Post(graphPaths('contacts'))
  @HttpCode(201)
  createDefault(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Body() body: unknown, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.create', user, { write: true });
    return this.create(mailbox, mailbox.folders.defaultFolder.id, body, req);
  }

  @Post(graphPaths('contactFolders/:folderId/contacts'))
  @HttpCode(201)
  createInFolder(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Param('folderId') folderId: string, @Body() body: unknown, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.create', user, { write: true });
    if (!mailbox.folders.get(folderId)) throw itemNotFound();
    return this.create(mailbox, folderId, body, req);
  }

  @Patch([...graphPaths('contacts/:id'), ...graphPaths('contactFolders/:folderId/contacts/:id')])
  update(
    @Headers('authorization') auth: string | undefined,
    @Param('user') user: string | undefined,
    @Param('folderId') folderId: string | undefined,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.update', user, { write: true });
    const current = contactAt(mailbox, id, folderId);
    const parsed = parseApiContact(body);
    if (!parsed.ok) throw badRequest(parsed.message, parsed.code);
    const updated = mailbox.update(current.id, { fields: withComposedDisplayName(parsed.fields, current.fields) }, change('graph.contacts.update')) as ContactRecord;
    return this.render(mailbox, updated, req);
  }

  @Delete([...graphPaths('contacts/:id'), ...graphPaths('contactFolders/:folderId/contacts/:id')])
  @HttpCode(204)
  remove(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Param('folderId') folderId: string | undefined, @Param('id') id: string): void {
    const mailbox = this.gate.enter(auth, 'graph.contacts.delete', user, { write: true });
    mailbox.delete(contactAt(mailbox, id, folderId).id, change('graph.contacts.delete'));
  }

  private create(mailbox: Mailbox, folderId: string, body: unknown, req: Request) {
    const parsed = parseApiContact(body);
    if (!parsed.ok) throw badRequest(parsed.message, parsed.code);
    const created = mailbox.create({ fields: withComposedDisplayName(parsed.fields, undefined), folderId }, change('graph.contacts.create'));
    return this.render(mailbox, created, req);
  }

  private render(mailbox: Mailbox, contact: ContactRecord, req: Request) {
    return renderContact(contact, undefined, { '@odata.context': contactEntityContext(req, mailbox) });
  }
}
