import { Controller, Get, Headers, Param, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { userIdOf } from '../microsoft-store';
import { GraphErrorFilter } from './graph-error.filter';
import { GraphApiGate } from './graph-api-gate';
import { origin } from './odata-query';

/**
 * `GET /v1.0/me`: who signed in (a connection records the account's address). Any valid token
 * works here; real Graph wants User.Read (see the deviations in docs/provider-emulator.md).
 */
@Controller()
@UseFilters(GraphErrorFilter)
export class MeController {
  constructor(private readonly gate: GraphApiGate) {}

  @Get(['v1.0/me', 'v1.0/users/:user'])
  me(@Headers('authorization') auth: string | undefined, @Param('user') user: string | undefined, @Req() req: Request) {
    const mailbox = this.gate.enter(auth, 'graph.me.get', user, { anyScope: true });
    const local = mailbox.email.split('@')[0] ?? mailbox.email;
    return {
      '@odata.context': `${origin(req)}/v1.0/$metadata#users/$entity`,
      id: userIdOf(mailbox.email),
      displayName: local,
      mail: mailbox.email,
      userPrincipalName: mailbox.email,
    };
  }
}
