import { first } from '../../google/api/query-params';
import { removedContact, renderContact } from '../contact/contact-renderer';
import type { Mailbox } from '../mailbox/mailbox';
import type { DeltaRound } from '../mailbox/delta-state';
import { idKindOf, ok, type GraphReply, type GraphRequest } from './graph-call';
import { itemNotFound, syncStateNotFound } from './graph-error';
import { link, maxPageSize, rejectUnsupported, selectParam } from './odata-query';

/**
 * contact: delta for one folder (learn.microsoft.com/graph/api/contact-delta). A round starts
 * without a token (every contact of the folder) or with `$deltatoken` (changes since that round);
 * its entries are fixed then, and pages follow with `$skiptoken` links. Query options given on the
 * first request (`$select`) are kept in the tokens, as Graph encodes them into its links. Each page
 * costs O(page size): the round is computed once. Ids are regular or immutable as each page's
 * `Prefer: IdType` asks; a removal names the regular id the contact left the folder with.
 */
export function contactDelta(mailbox: Mailbox, folderId: string, req: GraphRequest): GraphReply {
  if (!mailbox.folders.get(folderId)) throw itemNotFound();
  const { query } = req;
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

  const kind = idKindOf(req);
  const { size, applied } = maxPageSize(req.headers.prefer);
  const entries = round.entries.slice(offset, offset + size);
  const value = entries.map((e) => {
    const c = e.removed ? undefined : mailbox.get(e.key);
    // Deleted or moved out since the round started: what the client must drop.
    return c && c.folderId === folderId ? renderContact(c, round.select, { '@odata.type': '#microsoft.graph.contact' }, kind) : removedContact(kind === 'immutable' ? e.key : e.id);
  });
  const end = offset + entries.length;
  const next =
    end < round.entries.length
      ? { '@odata.nextLink': link(req, { $skiptoken: mailbox.delta.skipToken(round, end) }) }
      : { '@odata.deltaLink': link(req, { $deltatoken: mailbox.delta.issueDeltaToken({ folderId, seq: round.seq, select: round.select }) }) };
  return ok({ '@odata.context': `${req.origin}/v1.0/$metadata#Collection(contact)`, ...next, value }, applied ? { 'Preference-Applied': `odata.maxpagesize=${size}` } : {});
}
