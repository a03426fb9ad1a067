import type { IdKind } from '../contact/contact-renderer';

/**
 * One Graph request as the emulator's Graph handlers see it: from HTTP (the Graph controller) or
 * from a `$batch` entry, so both take exactly the same path through the gate and the handlers.
 */
export interface GraphRequest {
  method: string;
  /** Below `/v1.0`, with a leading slash and without the query: `/me/contacts/AAMk…`. */
  path: string;
  /** Parsed as Express parses queries: a repeated parameter is an array. */
  query: Record<string, unknown>;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: unknown;
  /** `http://127.0.0.1:3100`: where links point (the host the client called). */
  origin: string;
}

/** A Graph answer: status, headers, and a JSON body, bytes (photo $value) or none (204). */
export interface GraphReply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export const ok = (body: unknown, headers: Record<string, string> = {}): GraphReply => ({ status: 200, headers, body });
export const created = (body: unknown): GraphReply => ({ status: 201, headers: {}, body });
export const noContent = (): GraphReply => ({ status: 204, headers: {} });

/** `Prefer: IdType="ImmutableId"` (may share the header with other preferences, comma-separated). */
export const idKindOf = (req: GraphRequest): IdKind => (/(?:^|[,;\s])IdType\s*=\s*"?ImmutableId"?/i.test(req.headers.prefer ?? '') ? 'immutable' : 'regular');

/** `@odata.context` prefix of the caller's mailbox. */
export const userContext = (req: GraphRequest, email: string): string => `${req.origin}/v1.0/$metadata#users('${encodeURIComponent(email)}')`;
