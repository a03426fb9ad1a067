import type { ContactRecord, Mailbox } from '../mailbox/mailbox';
import { userContext, type GraphRequest } from './graph-call';
import { itemNotFound } from './graph-error';

/** The contact, which must be in `folderId` when the path names one (404 ErrorItemNotFound otherwise). */
export function contactAt(mailbox: Mailbox, id: string, folderId?: string): ContactRecord {
  const contact = mailbox.get(id);
  if (!contact || (folderId !== undefined && contact.folderId !== folderId)) throw itemNotFound();
  return contact;
}

/** `@odata.context` of a single contact in a response. */
export const contactEntityContext = (req: GraphRequest, mailbox: Mailbox): string => `${userContext(req, mailbox.email)}/contacts/$entity`;
