import type { Mailbox } from '../mailbox/mailbox';
import type { GraphReply, GraphRequest } from './graph-call';

export interface RouteContext {
  req: GraphRequest;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
  mailbox: Mailbox;
}

/** One Graph operation: where it is served, what the gate checks, and its handler. */
export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Segments below `/me` or `/users/{user}` (case-insensitive), `:name` capturing one; '' is the user itself. */
  path: string;
  /** The request counter's and the fault filter's name, e.g. `graph.contacts.create`. */
  operation: string;
  /** Needs Contacts.ReadWrite. */
  write?: boolean;
  /** A directory call (`/me`): any valid token, outside the mailbox concurrency limit. */
  directory?: boolean;
  handle(ctx: RouteContext): GraphReply;
}
