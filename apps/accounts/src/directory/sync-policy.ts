import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { SYNC_PERMISSIONS, VISIBILITY_OPTIONS_BY_PLAN, isVisibilityAllowed, type UserAccess } from '@contact-sync/contact-model';
import type { Actor } from '@contact-sync/platform';
import { DirectoryClient } from './directory.client';

/** The seed's rules on who may set up a sync and which visibility its company's plan offers. */
@Injectable()
export class SyncPolicy {
  constructor(private readonly directory: DirectoryClient) {}

  /** Connecting, configuring and starting a sync need both "add people" and "add organizations": 403 names what is missing. */
  async requireSyncPermissions(actor: Actor): Promise<UserAccess> {
    const access = await this.directory.access(actor);
    const missing = SYNC_PERMISSIONS.filter((p) => !access.permissions[p.key]).map((p) => p.label);
    if (missing.length > 0) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `missing permission ${missing.map((m) => `"${m}"`).join(' and ')}: syncing contacts needs both "add people" and "add organizations"`,
        missingPermissions: missing,
      });
    }
    return access;
  }

  /** 400 with the allowed list when the company's plan does not offer this visibility. */
  requireVisibilityAllowed(access: UserAccess, visibility: string): void {
    if (isVisibilityAllowed(access.plan, visibility)) return;
    const allowed = VISIBILITY_OPTIONS_BY_PLAN[access.plan];
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `visibility "${visibility}" is not available on the ${access.plan} plan; allowed: ${allowed.join(', ')}`,
      allowedVisibilities: allowed,
    });
  }
}
