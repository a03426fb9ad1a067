import { Controller, Get, Headers, Param, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import type { ContactFolder } from '../mailbox/contact-folder-set';
import type { Mailbox } from '../mailbox/mailbox';
import { graphPaths } from '../graph-paths';
import { itemNotFound } from './graph-error';
import { GraphErrorFilter } from './graph-error.filter';
import { GraphApiGate } from './graph-api-gate';
import { origin, page, rejectUnsupported } from './odata-query';

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
@Controller()
@UseFilters(GraphErrorFilter)
export class ContactFoldersController {
  constructor(private readonly gate: GraphApiGate) {}

  @Get(graphPaths('contactFolders'))
  list(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Query() query: Record<string, unknown>, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contactFolders.list', user);
    rejectUnsupported(query);
    return { '@odata.context': `${origin(req)}/v1.0/$metadata#users('${encodeURIComponent(mailbox.email)}')/contactFolders`, ...page(req, mailbox.folders.topLevel(), query, renderFolder) };
  }

  @Get(graphPaths('contactFolders/:folderId'))
  get(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Param('folderId') folderId: string, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.contactFolders.get', user);
    return { '@odata.context': `${origin(req)}/v1.0/$metadata#users('${encodeURIComponent(mailbox.email)}')/contactFolders/$entity`, ...renderFolder(folderOf(mailbox, folderId)) };
  }

  @Get(graphPaths('contactFolders/:folderId/childFolders'))
  children(
    @Headers('authorization') auth: string | undefined,
    @Param('user') user: string | undefined,
    @Param('folderId') folderId: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
  ) {
    const mailbox = this.gate.enter(auth, 'graph.contactFolders.childFolders.list', user);
    rejectUnsupported(query);
    const folder = folderOf(mailbox, folderId);
    return {
      '@odata.context': `${origin(req)}/v1.0/$metadata#users('${encodeURIComponent(mailbox.email)}')/contactFolders('${folder.id}')/childFolders`,
      ...page(req, mailbox.folders.children(folder.id), query, renderFolder),
    };
  }
}
