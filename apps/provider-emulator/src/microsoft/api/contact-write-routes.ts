import type { ChangeBy } from '../../core/change-origin';
import { parseApiContact, withComposedDisplayName } from '../contact/contact-api-input';
import { renderContact } from '../contact/contact-renderer';
import type { ContactRecord } from '../mailbox/mailbox';
import { contactAt, contactEntityContext } from './contact-entity';
import { created, idKindOf, noContent, ok, type GraphReply } from './graph-call';
import { badRequest, itemNotFound } from './graph-error';
import type { GraphRoute, RouteContext } from './graph-route';

const change = (operation: string): ChangeBy => ({ by: 'api', operation });

const render = ({ req, mailbox }: RouteContext, contact: ContactRecord) =>
  renderContact(contact, undefined, { '@odata.context': contactEntityContext(req, mailbox) }, idKindOf(req));

function create(ctx: RouteContext, folderId: string): GraphReply {
  const parsed = parseApiContact(ctx.req.body);
  if (!parsed.ok) throw badRequest(parsed.message, parsed.code);
  const contact = ctx.mailbox.create({ fields: withComposedDisplayName(parsed.fields, undefined), folderId }, change('graph.contacts.create'));
  return created(render(ctx, contact));
}

function update(ctx: RouteContext): GraphReply {
  const current = contactAt(ctx.mailbox, ctx.params.id as string, ctx.params.folderId);
  const parsed = parseApiContact(ctx.req.body);
  if (!parsed.ok) throw badRequest(parsed.message, parsed.code);
  const updated = ctx.mailbox.update(current.immutableId, { fields: withComposedDisplayName(parsed.fields, current.fields) }, change('graph.contacts.update')) as ContactRecord;
  return ok(render(ctx, updated));
}

function remove(ctx: RouteContext): GraphReply {
  ctx.mailbox.delete(contactAt(ctx.mailbox, ctx.params.id as string, ctx.params.folderId).immutableId, change('graph.contacts.delete'));
  return noContent();
}

/**
 * Graph contact writes: create (201), update (PATCH, 200) and delete (204), in the default folder
 * (`/me/contacts`) or a folder (`/me/contactFolders/{id}/contacts`), with Contacts.ReadWrite; each
 * write moves the changeKey, lastModifiedDateTime and the mailbox change sequence, so the next
 * delta round brings our own write back. Graph has no contact move.
 */
export const CONTACT_WRITE_ROUTES: GraphRoute[] = [
  { method: 'POST', path: 'contacts', operation: 'graph.contacts.create', write: true, handle: (ctx) => create(ctx, ctx.mailbox.folders.defaultFolder.id) },
  {
    method: 'POST',
    path: 'contactFolders/:folderId/contacts',
    operation: 'graph.contacts.create',
    write: true,
    handle: (ctx) => {
      if (!ctx.mailbox.folders.get(ctx.params.folderId as string)) throw itemNotFound();
      return create(ctx, ctx.params.folderId as string);
    },
  },
  { method: 'PATCH', path: 'contacts/:id', operation: 'graph.contacts.update', write: true, handle: update },
  { method: 'PATCH', path: 'contactFolders/:folderId/contacts/:id', operation: 'graph.contacts.update', write: true, handle: update },
  { method: 'DELETE', path: 'contacts/:id', operation: 'graph.contacts.delete', write: true, handle: remove },
  { method: 'DELETE', path: 'contactFolders/:folderId/contacts/:id', operation: 'graph.contacts.delete', write: true, handle: remove },
];
