import type { Request } from 'express';
import { first } from '../../google/api/query-params';
import { removedContact, renderContact } from '../contact/contact-renderer';
import type { Mailbox } from '../mailbox/mailbox';
import type { DeltaRound } from '../mailbox/delta-state';
import { itemNotFound, syncStateNotFound } from './graph-error';
import { link, maxPageSize, origin, rejectUnsupported, selectParam } from './odata-query';

export interface DeltaPage {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * contact: delta for one folder (learn.microsoft.com/graph/api/contact-delta). A round starts
 * without a token (every contact of the folder) or with `$deltatoken` (changes since that round);
 * its entries are fixed then, and pages follow with `$skiptoken` links. Query options given on the
 * first request (`$select`) are kept in the tokens, as Graph encodes them into its links. Each page
 * costs O(page size): the round is computed once.
 */
export function contactDelta(mailbox: Mailbox, folderId: string, req: Request, query: Record<string, unknown>, prefer: string | undefined): DeltaPage {
  if (!mailbox.folders.get(folderId)) throw itemNotFound();
  rejectUnsupported(query, ['$top', '$skip']);
  const skipToken = first(query.$skiptoken);
  const deltaToken = first(query.$deltatoken);
  let round: DeltaRound;
  let offset = 0;
  if (skipToken !== undefined) {
    const at = mailbox.delta.resolveSkipToken(skipToken);
    if (!at || at.round.folderId !== folderId) throw syncStateNotFound();
    ({ round, offset } = at);
  } else {
    let since: number | undefined;
    let select = selectParam(query);
    if (deltaToken !== undefined) {
      const point = mailbox.delta.resolveDeltaToken(deltaToken);
      if (!point || point.folderId !== folderId) throw syncStateNotFound();
      since = point.seq;
      select = point.select;
    }
    round = mailbox.delta.startRound({ folderId, select, entries: mailbox.changesSince(folderId, since), seq: mailbox.currentSeq });
  }

  const { size, applied } = maxPageSize(prefer);
  const entries = round.entries.slice(offset, offset + size);
  const value = entries.map((e) => {
    const c = e.removed ? undefined : mailbox.get(e.id);
    // Deleted or moved out since the round started: what the client must drop.
    return c && c.folderId === folderId ? renderContact(c, round.select, { '@odata.type': '#microsoft.graph.contact' }) : removedContact(e.id);
  });
  const end = offset + entries.length;
  const next =
    end < round.entries.length
      ? { '@odata.nextLink': link(req, { $skiptoken: mailbox.delta.skipToken(round, end) }) }
      : { '@odata.deltaLink': link(req, { $deltatoken: mailbox.delta.issueDeltaToken({ folderId, seq: round.seq, select: round.select }) }) };
  return {
    body: { '@odata.context': `${origin(req)}/v1.0/$metadata#Collection(contact)`, ...next, value },
    headers: applied ? { 'Preference-Applied': `odata.maxpagesize=${size}` } : {},
  };
}
