import type { ContactFolder } from '../mailbox/contact-folder-set';
import type { Mailbox } from '../mailbox/mailbox';
import { ok, userContext } from './graph-call';
import { itemNotFound } from './graph-error';
import type { GraphRoute } from './graph-route';
import { page, rejectUnsupported } from './odata-query';

/** A folder as Graph returns it (v1.0 contactFolder: id, displayName, parentFolderId). */
const renderFolder = (f: ContactFolder) => ({ id: f.id, displayName: f.displayName, parentFolderId: f.parentFolderId });

function folderOf(mailbox: Mailbox, id: string): ContactFolder {
  const folder = mailbox.folders.get(id);
  if (!folder) throw itemNotFound();
  return folder;
}

/**
 * contactFolders: list (the default "Contacts" folder first, then the user's top-level folders,
 * which are its children), get, and childFolders.
 */
export const FOLDER_ROUTES: GraphRoute[] = [
  {
    method: 'GET',
    path: 'contactFolders',
    operation: 'graph.contactFolders.list',
    handle: ({ req, mailbox }) => {
      rejectUnsupported(req.query);
      return ok({ '@odata.context': `${userContext(req, mailbox.email)}/contactFolders`, ...page(req, mailbox.folders.topLevel(), req.query, renderFolder) });
    },
  },
  {
    method: 'GET',
    path: 'contactFolders/:folderId',
    operation: 'graph.contactFolders.get',
    handle: ({ req, params, mailbox }) => ok({ '@odata.context': `${userContext(req, mailbox.email)}/contactFolders/$entity`, ...renderFolder(folderOf(mailbox, params.folderId as string)) }),
  },
  {
    method: 'GET',
    path: 'contactFolders/:folderId/childFolders',
    operation: 'graph.contactFolders.childFolders.list',
    handle: ({ req, params, mailbox }) => {
      rejectUnsupported(req.query);
      const folder = folderOf(mailbox, params.folderId as string);
      return ok({
        '@odata.context': `${userContext(req, mailbox.email)}/contactFolders('${folder.id}')/childFolders`,
        ...page(req, mailbox.folders.children(folder.id), req.query, renderFolder),
      });
    },
  },
];
