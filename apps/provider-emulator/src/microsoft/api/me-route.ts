import { userIdOf } from '../microsoft-store';
import { ok } from './graph-call';
import type { GraphRoute } from './graph-route';

/**
 * `GET /v1.0/me`: who signed in (a connection records the account's address). Any valid token
 * works here; real Graph wants User.Read (see the deviations in docs/provider-emulator.md).
 */
export const ME_ROUTE: GraphRoute = {
  method: 'GET',
  path: '',
  operation: 'graph.me.get',
  directory: true,
  handle: ({ req, mailbox }) => {
    const local = mailbox.email.split('@')[0] ?? mailbox.email;
    return ok({ '@odata.context': `${req.origin}/v1.0/$metadata#users/$entity`, id: userIdOf(mailbox.email), displayName: local, mail: mailbox.email, userPrincipalName: mailbox.email });
  },
};
