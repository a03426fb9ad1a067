import { Controller, Get, Headers, Query } from '@nestjs/common';
import { GoogleApiGate } from './google-api-gate';

/** contactGroups.list of the People API v1 (system and user groups). */
@Controller('v1/contactGroups')
export class ContactGroupsController {
  constructor(private readonly gate: GoogleApiGate) {}

  @Get()
  list(@Headers('authorization') auth: string | undefined, @Query('pageSize') pageSize?: string, @Query('pageToken') pageToken?: string) {
    const book = this.gate.enter(auth, 'contactGroups.list');
    const all = book.listGroups();
    const size = Math.min(Math.max(Number(pageSize ?? 30) || 30, 1), 1000);
    const offset = Number(pageToken ?? 0) || 0;
    const page = all.slice(offset, offset + size);
    return {
      contactGroups: page.map((g) => ({
        resourceName: g.resourceName,
        etag: `%E${Buffer.from(g.resourceName).toString('base64url')}`,
        metadata: { updateTime: new Date(0).toISOString() },
        groupType: g.groupType,
        name: g.groupType === 'SYSTEM_CONTACT_GROUP' ? g.resourceName.replace('contactGroups/', '') : g.name,
        formattedName: g.name,
        memberCount: g.memberCount,
      })),
      totalItems: all.length,
      ...(offset + size < all.length ? { nextPageToken: String(offset + size) } : {}),
      nextSyncToken: 'groups-not-synced-incrementally',
    };
  }
}
