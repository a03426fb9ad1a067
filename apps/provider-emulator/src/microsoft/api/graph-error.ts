import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { GraphReply, GraphRequest } from './graph-call';

/**
 * A Microsoft Graph error: `{"error": {"code", "message", "innerError": {date, request-id,
 * client-request-id}}}` (learn.microsoft.com/graph/errors). The filter adds innerError, which
 * depends on the request; headers (Retry-After, WWW-Authenticate) travel with the error.
 */
export class GraphError extends HttpException {
  constructor(
    httpStatus: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super({ error: { code, message } }, httpStatus);
  }
}

/**
 * 401 for a missing, unknown or expired bearer token: code InvalidAuthenticationToken with the
 * messages Graph gives for each case.
 */
export function invalidToken(reason: 'missing' | 'invalid' | 'expired'): GraphError {
  const message = reason === 'missing' ? 'Access token is empty.' : reason === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'IDX14100: JWT is not well formed, there are no dots (.).';
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

export const accessDenied = () => new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

/** Outlook's answer for an id that names no item (contact, folder, photo) in the mailbox. */
export const itemNotFound = () => new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);

/** A path the emulated Graph does not serve (Graph's answer for an unknown segment). */
export const segmentNotFound = (segment: string) => badRequest(`Resource not found for the segment '${segment}'.`);

/** A known path with a method it does not take (wording from the json-batching page's example). */
export const methodNotAllowed = () => new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

/**
 * Outlook's limit of 4 requests in flight per mailbox (throttling-limits). Message observed at the
 * fifth concurrent request (Microsoft Q&A 1660054); the code ApplicationThrottled is unconfirmed
 * (seen only in public client code). Retry-After: 1 s unless told (none when null).
 */
export function mailboxConcurrency(retryAfterSeconds: number | null = 1): GraphError {
  return new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) });
}

/**
 * A `$batch` request whose `dependsOn` request failed: 424 Failed Dependency (json-batching); the
 * body's code and message are unconfirmed.
 */
export const failedDependency = (dependency: string) =>
  new GraphError(424, 'FailedDependency', `The request could not be run because request '${dependency}' it depends on failed.`);

/**
 * An unknown, forged, evicted or expired skip/delta token. Outlook answers 410 Gone with code
 * SyncStateNotFound (observed bodies: microsoftgraph/microsoft-graph-docs issues 2350 and 2877);
 * the client must drop its state and start a full round.
 */
export const syncStateNotFound = () => new GraphError(410, 'SyncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.');

/**
 * What an injected fault looks like on the wire. A 429 carries Retry-After (1 s unless told; none
 * when null); a 403 `quota` is Graph's throttling 403 with Retry-After, `scope` ErrorAccessDenied,
 * `denied` Authorization_RequestDenied.
 */
export function injectedFault(status: 401 | 403 | 429 | 500 | 503, retryAfterSeconds: number | null | undefined, reason: 'quota' | 'scope' | 'denied' = 'scope'): GraphError {
  const retryAfter = retryAfterSeconds === null ? undefined : status === 429 || (status === 403 && reason === 'quota') ? (retryAfterSeconds ?? 1) : retryAfterSeconds;
  const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
  if (status === 401) return invalidToken('expired');
  if (status === 403) {
    if (reason === 'quota') return new GraphError(403, 'ErrorServerBusy', 'The server is busy. Try again later.', headers);
    if (reason === 'denied') return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return accessDenied();
  }
  if (status === 429) return mailboxConcurrency(retryAfter ?? null);
  if (status === 503) {
    return new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay.', headers);
  }
  return new GraphError(500, 'UnknownError', 'An internal server error occurred.', headers);
}

/**
 * The error as Graph sends it, with its headers and innerError: the date (UTC, seconds), a fresh
 * request-id and the client-request-id the client sent (the Graph SDK sends one) or the request-id.
 */
export function errorReply(err: GraphError, req: GraphRequest): GraphReply {
  const requestId = randomUUID();
  const clientRequestId = req.headers['client-request-id'] ?? requestId;
  const body = err.getResponse() as { error: Record<string, unknown> };
  const innerError = { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId };
  return {
    status: err.getStatus(),
    headers: { ...err.headers, 'request-id': requestId, 'client-request-id': clientRequestId },
    body: { error: { ...body.error, innerError } },
  };
}
