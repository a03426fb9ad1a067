import { parse as parseQuery } from 'node:querystring';
import type { GraphRequest } from './graph-call';
import { badRequest } from './graph-error';

/** "JSON batch requests are currently limited to 20 individual requests" (json-batching). */
export const BATCH_LIMIT = 20;

/** One entry of a `$batch` body, checked. */
export interface BatchStep {
  id: string;
  /** The id lower-cased: batch ids "are not case-sensitive". */
  key: string;
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: unknown;
  /** Ids of the requests that must succeed first, as given (compare lower-cased). */
  dependsOn: string[];
}

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

function step(raw: unknown, i: number): BatchStep {
  if (!isObject(raw) || !isString(raw.id) || !isString(raw.method) || !isString(raw.url)) {
    throw badRequest(`Invalid batch payload format: requests[${i}] needs an id, a method and a url.`);
  }
  const method = raw.method.toUpperCase();
  if (!METHODS.includes(method)) throw badRequest(`Invalid batch payload format: requests[${i}] has an unsupported method '${raw.method}'.`);
  const headers = isObject(raw.headers) ? raw.headers : {};
  if (Object.values(headers).some((v) => typeof v !== 'string')) throw badRequest(`Invalid batch payload format: requests[${i}].headers must map names to strings.`);
  const dependsOn = raw.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || !dependsOn.every(isString)) throw badRequest(`Invalid batch payload format: requests[${i}].dependsOn must list request ids.`);
  return {
    id: raw.id,
    key: raw.id.toLowerCase(),
    method,
    url: raw.url,
    headers: Object.fromEntries(Object.entries(headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
    ...('body' in raw ? { body: raw.body } : {}),
    dependsOn,
  };
}

/**
 * The requests of a `$batch` body, or 400 for the whole batch (json-batching: more than 20
 * requests; ids must be unique, "otherwise, the batch request fails with a 400 error code"). A
 * `dependsOn` must name a request earlier in the batch: Graph refuses others ("Invalid dependency
 * for request Id", observed in msgraph-sdk-dotnet-core issue 891). The messages are unconfirmed.
 */
export function parseBatch(body: unknown): BatchStep[] {
  if (!isObject(body) || !Array.isArray(body.requests)) throw badRequest('Invalid batch payload format: the body must be {"requests": [...]}.');
  if (body.requests.length === 0) throw badRequest('Invalid batch payload format: the batch holds no requests.');
  if (body.requests.length > BATCH_LIMIT) throw badRequest(`The batch holds ${body.requests.length} requests; at most ${BATCH_LIMIT} are allowed.`);
  const steps = body.requests.map(step);
  const seen = new Set<string>();
  for (const s of steps) {
    if (seen.has(s.key)) throw badRequest(`Request id '${s.id}' occurs more than once in the batch; ids must be unique.`);
    if (s.dependsOn.some((d) => !seen.has(d.toLowerCase()))) throw badRequest(`Invalid dependency for request Id '${s.id}': dependsOn must name requests earlier in the batch.`);
    seen.add(s.key);
  }
  return steps;
}

/**
 * A batch entry as a Graph request of its own: its url relative to `/v1.0` (`/me/contacts`,
 * `me/contacts`, or `/v1.0/me/contacts` as the Graph SDK's BatchRequestContent writes it), its own
 * headers, and the batch's Authorization (one token for the whole batch).
 */
export function subRequest(envelope: GraphRequest, s: BatchStep): GraphRequest {
  const relative = s.url.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/+/, '').replace(/^v1\.0(?=\/|$)/i, '');
  const [path = '', search = ''] = relative.split('?', 2) as [string?, string?];
  return {
    method: s.method,
    path: `/${path.replace(/^\/+/, '')}`,
    query: parseQuery(search) as Record<string, unknown>,
    headers: { ...s.headers, authorization: envelope.headers.authorization },
    body: s.body,
    origin: envelope.origin,
  };
}
