import { Controller, Get, Headers, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderContact } from '../contact/contact-renderer';
import type { ContactRecord, Mailbox } from '../mailbox/mailbox';
import { graphPaths } from '../graph-paths';
import { contactDelta } from './contact-delta';
import { contactAt, contactEntityContext } from './contact-entity';
import { itemNotFound } from './graph-error';
import { GraphErrorFilter } from './graph-error.filter';
import { GraphApiGate } from './graph-api-gate';
import { origin, page, rejectUnsupported, selectParam } from './odata-query';

/** Both spellings of the delta function (`/delta` is the shortcut of the qualified name). */
const DELTA = ['delta', 'microsoft.graph.delta()'];

type Q = Record<string, unknown>;

/**
 * Contacts of the default folder (`/me/contacts`) and of any folder (`/me/contactFolders/{id}/contacts`):
 * list with `$top`/`$skip`/`$select`, get, the delta function, and the contact photo.
 */
@Controller()
@UseFilters(GraphErrorFilter)
export class ContactsController {
  constructor(private readonly gate: GraphApiGate) {}

  @Get(graphPaths('contacts'))
  listDefault(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Query() query: Q, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.list', user);
    return this.list(mailbox, mailbox.folders.defaultFolder.id, query, req);
  }

  @Get(graphPaths('contactFolders/:folderId/contacts'))
  listFolder(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Param('folderId') folderId: string, @Query() query: Q, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.list', user);
    if (!mailbox.folders.get(folderId)) throw itemNotFound();
    return this.list(mailbox, folderId, query, req);
  }

  @Get(graphPaths('contacts/:id'))
  getDefault(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Param('id') id: string, @Query() query: Q, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.get', user);
    return this.render(mailbox, contactAt(mailbox, id), query, req);
  }

  /** `{id}` is a contact id, or the delta function. */
  @Get(graphPaths('contactFolders/:folderId/contacts/:id'))
  getInFolder(
    @Headers('authorization') auth: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Param('user') user: string | undefined,
    @Param('folderId') folderId: string,
    @Param('id') id: string,
    @Query() query: Q,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (DELTA.includes(id)) {
      const mailbox = this.gate.enter(auth, 'graph.contacts.delta', user);
      const result = contactDelta(mailbox, folderId, req, query, prefer);
      for (const [k, v] of Object.entries(result.headers)) res.setHeader(k, v);
      return result.body;
    }
    const mailbox = this.gate.enter(auth, 'graph.contacts.get', user);
    return this.render(mailbox, contactAt(mailbox, id, folderId), query, req);
  }

  @Get([...graphPaths('contacts/:id/photo'), ...graphPaths('contactFolders/:folderId/contacts/:id/photo')])
  photo(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Param('folderId') folderId: string | undefined, @Param('id') id: string, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contacts.photo', user);
    const photo = contactAt(mailbox, id, folderId).photo;
    if (!photo) throw itemNotFound();
    return {
      '@odata.context': `${origin(req)}/v1.0/$metadata#users('${encodeURIComponent(mailbox.email)}')/contacts('${id}')/photo/$entity`,
      '@odata.mediaContentType': photo.contentType,
      '@odata.mediaEtag': photo.etag,
      id: `${photo.width}X${photo.height}`,
      height: photo.height,
      width: photo.width,
    };
  }

  /** `.../photo/$value`: the bytes ($value cannot be a literal route segment: `$` is special to the router). */
  @Get([...graphPaths('contacts/:id/photo/:value'), ...graphPaths('contactFolders/:folderId/contacts/:id/photo/:value')])
  photoValue(
    @Headers('authorization') auth: string | undefined,
    @Param('user') user: string | undefined,
    @Param('folderId') folderId: string | undefined,
    @Param('id') id: string,
    @Param('value') value: string,
    @Res() res: Response,
  ): void {
    const mailbox = this.gate.enter(auth, 'graph.contacts.photo', user);
    const photo = contactAt(mailbox, id, folderId).photo;
    if (value !== '$value' || !photo) throw itemNotFound();
    res.status(200).setHeader('Content-Type', photo.contentType).setHeader('ETag', photo.etag).send(photo.bytes);
  }

  private list(mailbox: Mailbox, folderId: string, query: Q, req: Request) {
    rejectUnsupported(query);
    const select = selectParam(query);
    return {
      '@odata.context': `${origin(req)}/v1.0/$metadata#users('${encodeURIComponent(mailbox.email)}')/contacts`,
      ...page(req, mailbox.inFolder(folderId), query, (c) => renderContact(c, select)),
    };
  }

  private render(mailbox: Mailbox, contact: ContactRecord, query: Q, req: Request) {
    rejectUnsupported(query);
    return renderContact(contact, selectParam(query), { '@odata.context': contactEntityContext(req, mailbox) });
  }
}
