import { Controller, Get, Headers, Param, Query, UseFilters } from '@nestjs/common';
import { opaque } from '../../core/ids';
import { ALL_CONTACTS, type ContactGroup } from '../address-book/contact-group-set';
import { googlePaths } from '../google-paths';
import { invalidArgument, notFound } from './google-api-error';
import { GoogleApiErrorFilter } from './google-api-error.filter';
import { GoogleApiGate } from './google-api-gate';
import { first, pageSizeParam } from './query-params';

const GROUP_FIELDS = ['clientData', 'groupType', 'memberCount', 'metadata', 'name'] as const;
type GroupField = (typeof GROUP_FIELDS)[number];
const DEFAULT_GROUP_FIELDS: GroupField[] = ['metadata', 'groupType', 'memberCount', 'name'];

function groupFields(raw: string | undefined): Set<GroupField> {
  if (!raw) return new Set(DEFAULT_GROUP_FIELDS);
  const fields = raw.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = fields.find((f) => !(GROUP_FIELDS as readonly string[]).includes(f));
  if (bad) throw invalidArgument(`Invalid groupFields mask path: "${bad}".`);
  return new Set(fields as GroupField[]);
}

/** A group as the API returns it; system groups carry no etag or metadata, zero counts are left out. */
function renderGroup(g: ContactGroup, fields: Set<GroupField>, memberCount: number): Record<string, unknown> {
  return {
    resourceName: g.resourceName,
    ...(g.etag ? { etag: g.etag } : {}),
    ...(fields.has('metadata') && g.updateTime ? { metadata: { updateTime: g.updateTime } } : {}),
    ...(fields.has('groupType') ? { groupType: g.groupType } : {}),
    ...(fields.has('name') ? { name: g.name, formattedName: g.formattedName } : {}),
    ...(fields.has('memberCount') && memberCount ? { memberCount } : {}),
  };
}

/** contactGroups.list and contactGroups.get of the People API v1. */
@Controller(googlePaths('v1/contactGroups'))
@UseFilters(GoogleApiErrorFilter)
export class ContactGroupsController {
  constructor(private readonly gate: GoogleApiGate) {}

  @Get()
  list(@Headers('authorization') auth: string | undefined, @Query() query: Record<string, unknown>) {
    return this.gate.call(auth, 'contactGroups.list', {}, (book) => {
      const fields = groupFields(first(query.groupFields));
      const pageSize = pageSizeParam(first(query.pageSize), 'page_size', 30, 1000);
      const pageToken = first(query.pageToken);
      let offset = 0;
      if (pageToken) {
        const [kind, at] = Buffer.from(pageToken, 'base64url').toString().split(':');
        offset = Number(at);
        if (kind !== 'groups' || !Number.isInteger(offset) || offset < 0) throw invalidArgument('Request contains an invalid argument: the page token is invalid.');
      }
      const groups = book.groups.all();
      const counts = book.memberCounts();
      const page = groups.slice(offset, offset + pageSize);
      const end = offset + page.length;
      return {
        ...(page.length
          ? { contactGroups: page.map((g) => renderGroup(g, fields, g.resourceName === ALL_CONTACTS ? book.liveCount() : (counts.get(g.resourceName) ?? 0))) }
          : {}),
        totalItems: groups.length,
        ...(end < groups.length ? { nextPageToken: Buffer.from(`groups:${end}`).toString('base64url') } : {}),
        // Group changes are not tracked incrementally: a sync token here always yields the full list.
        nextSyncToken: opaque(12),
      };
    });
  }

  /** contactGroups.get (members are not listed: `maxMembers` is accepted and ignored). */
  @Get(':id')
  get(@Headers('authorization') auth: string | undefined, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.gate.call(auth, 'contactGroups.get', {}, (book) => {
      const group = book.groups.get(`contactGroups/${id}`);
      if (!group) throw notFound();
      const count = group.resourceName === ALL_CONTACTS ? book.liveCount() : (book.memberCounts().get(group.resourceName) ?? 0);
      return renderGroup(group, groupFields(first(query.groupFields)), count);
    });
  }
}
