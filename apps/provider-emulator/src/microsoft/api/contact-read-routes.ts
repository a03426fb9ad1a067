import { renderContact } from '../contact/contact-renderer';
import type { ContactRecord, Mailbox } from '../mailbox/mailbox';
import { contactDelta } from './contact-delta';
import { contactAt, contactEntityContext } from './contact-entity';
import { idKindOf, ok, userContext, type GraphReply, type GraphRequest } from './graph-call';
import { itemNotFound } from './graph-error';
import type { GraphRoute, RouteContext } from './graph-route';
import { page, rejectUnsupported, selectParam } from './odata-query';

function list(mailbox: Mailbox, folderId: string, req: GraphRequest): GraphReply {
  rejectUnsupported(req.query);
  const select = selectParam(req.query);
  const kind = idKindOf(req);
  return ok({ '@odata.context': `${userContext(req, mailbox.email)}/contacts`, ...page(req, mailbox.inFolder(folderId), req.query, (c) => renderContact(c, select, {}, kind)) });
}

function one(mailbox: Mailbox, contact: ContactRecord, req: GraphRequest): GraphReply {
  rejectUnsupported(req.query);
  return ok(renderContact(contact, selectParam(req.query), { '@odata.context': contactEntityContext(req, mailbox) }, idKindOf(req)));
}

function photoOf({ mailbox, params }: RouteContext) {
  const photo = contactAt(mailbox, params.id as string, params.folderId).photo;
  if (!photo) throw itemNotFound();
  return photo;
}

const photoMetadata = (ctx: RouteContext): GraphReply => {
  const photo = photoOf(ctx);
  return ok({
    '@odata.context': `${userContext(ctx.req, ctx.mailbox.email)}/contacts('${ctx.params.id}')/photo/$entity`,
    '@odata.mediaContentType': photo.contentType,
    '@odata.mediaEtag': photo.etag,
    id: `${photo.width}X${photo.height}`,
    height: photo.height,
    width: photo.width,
  });
};

const photoBytes = (ctx: RouteContext): GraphReply => {
  const photo = photoOf(ctx);
  return { status: 200, headers: { 'Content-Type': photo.contentType, ETag: photo.etag }, body: photo.bytes };
};

const inFolder = ({ mailbox, params }: RouteContext): string => {
  if (!mailbox.folders.get(params.folderId as string)) throw itemNotFound();
  return params.folderId as string;
};

const delta = (ctx: RouteContext) => contactDelta(ctx.mailbox, ctx.params.folderId as string, ctx.req);

/**
 * Contacts of the default folder (`/me/contacts`) and of any folder (`/me/contactFolders/{id}/contacts`):
 * list with `$top`/`$skip`/`$select`, get, the delta function (both spellings: `/delta` is the
 * shortcut of the qualified name; listed before get, which would take it for an id), and the photo.
 */
export const CONTACT_READ_ROUTES: GraphRoute[] = [
  { method: 'GET', path: 'contacts', operation: 'graph.contacts.list', handle: ({ req, mailbox }) => list(mailbox, mailbox.folders.defaultFolder.id, req) },
  { method: 'GET', path: 'contactFolders/:folderId/contacts', operation: 'graph.contacts.list', handle: (ctx) => list(ctx.mailbox, inFolder(ctx), ctx.req) },
  { method: 'GET', path: 'contactFolders/:folderId/contacts/delta', operation: 'graph.contacts.delta', handle: delta },
  { method: 'GET', path: 'contactFolders/:folderId/contacts/microsoft.graph.delta()', operation: 'graph.contacts.delta', handle: delta },
  { method: 'GET', path: 'contacts/:id', operation: 'graph.contacts.get', handle: ({ req, params, mailbox }) => one(mailbox, contactAt(mailbox, params.id as string), req) },
  {
    method: 'GET',
    path: 'contactFolders/:folderId/contacts/:id',
    operation: 'graph.contacts.get',
    handle: ({ req, params, mailbox }) => one(mailbox, contactAt(mailbox, params.id as string, params.folderId), req),
  },
  { method: 'GET', path: 'contacts/:id/photo', operation: 'graph.contacts.photo', handle: photoMetadata },
  { method: 'GET', path: 'contactFolders/:folderId/contacts/:id/photo', operation: 'graph.contacts.photo', handle: photoMetadata },
  { method: 'GET', path: 'contacts/:id/photo/$value', operation: 'graph.contacts.photo', handle: photoBytes },
  { method: 'GET', path: 'contactFolders/:folderId/contacts/:id/photo/$value', operation: 'graph.contacts.photo', handle: photoBytes },
];
