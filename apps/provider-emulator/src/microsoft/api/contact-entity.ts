import type { Request } from 'express';
import type { ContactRecord, Mailbox } from '../mailbox/mailbox';
import { itemNotFound } from './graph-error';
import { origin } from './odata-query';

/** The contact, which must be in `folderId` when the path names one (404 ErrorItemNotFound otherwise). */
export function contactAt(mailbox: Mailbox, id: string, folderId?: string): ContactRecord {
  const contact = mailbox.get(id);
  if (!contact || (folderId !== undefined && contact.folderId !== folderId)) throw itemNotFound();
  return contact;
}

/** `@odata.context` of a single contact in a response. */
export const contactEntityContext = (req: Request, mailbox: Mailbox): string =>
  `${origin(req)}/v1.0/$metadata#users('${encodeURIComponent(mailbox.email)}')/contacts/$entity`;
