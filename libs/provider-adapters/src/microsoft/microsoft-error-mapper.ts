import {
  parseRetryAfter,
  ProviderAccessTokenRejectedError,
  ProviderAuthError,
  ProviderConflictError,
  ProviderError,
  ProviderPermissionError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
  SyncCursorExpiredError,
} from '../provider-errors';

/**
 * What the Graph client throws (`GraphError`: statusCode, code, body as a JSON string, headers), what
 * our own token calls throw (`MicrosoftHttpError` below), or anything else (network failures).
 */
interface GraphErrorLike {
  message?: string;
  statusCode?: number;
  status?: number;
  code?: string | null;
  body?: unknown;
  headers?: unknown;
}

/** A non-2xx answer from a Graph or identity-platform endpoint called without the Graph client. */
export class MicrosoftHttpError extends Error {
  override readonly name = 'MicrosoftHttpError';
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly headers?: Headers,
  ) {
    super(`HTTP ${statusCode}`);
  }
}

const DEFAULT_RATE_LIMIT_BACKOFF_MS = 30_000;

/** Identity-platform errors that only the user can fix by signing in again. */
const AUTH_ERRORS = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required', 'invalid_client', 'unauthorized_client']);
/**
 * AADSTS codes meaning the grant is gone (70000 revoked/invalid, 700082 expired by inactivity, 50173
 * revoked by a password change, 70008 expired, 50076/50079 MFA now required, 65001 consent missing,
 * 500011 app unknown in the tenant): a "reconnect" whatever `error` field accompanies them.
 */
const AUTH_AADSTS = new Set([70000, 700082, 50173, 70008, 50076, 50079, 65001, 500011, 700016, 7000222]);
/** Graph 403 codes that mean "not allowed", not "too many". */
const PERMISSION_CODES = /^(ErrorAccessDenied|Authorization_RequestDenied|AccessDenied|ErrorInsufficientPermissions|Forbidden)$/i;
/** Graph codes for a delta token the service no longer knows (documented with 410; treated alike on any status). */
const EXPIRED_DELTA_CODES = /^(syncStateNotFound|syncStateInvalid|resyncRequired)$/i;

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key ? record[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** OAuth error (`{error: 'invalid_grant', error_description}`) or Graph error (`{error: {code, message}}` or the bare `{code, message}` the client keeps). */
function details(e: GraphErrorLike): { oauthError?: string; aadsts: number[]; code?: string; message: string } {
  const body = parseBody(e.body) as Record<string, unknown> | string | undefined;
  if (body && typeof body === 'object') {
    if (typeof body['error'] === 'string') {
      const description = typeof body['error_description'] === 'string' ? body['error_description'].split(/\r?\n/)[0] : undefined;
      const codes = Array.isArray(body['error_codes']) ? body['error_codes'].filter((c): c is number => typeof c === 'number') : [];
      const fromText = [...(description ?? '').matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
      return { oauthError: body['error'], aadsts: [...codes, ...fromText], message: description ? `${body['error']}: ${description}` : body['error'] };
    }
    const inner = (typeof body['error'] === 'object' && body['error'] ? body['error'] : body) as { code?: unknown; message?: unknown };
    const code = typeof inner.code === 'string' ? inner.code : (e.code ?? undefined);
    const message = typeof inner.message === 'string' ? inner.message : (e.message ?? 'error');
    return { code, aadsts: [], message: code ? `${code}: ${message}` : message };
  }
  const code = e.code ?? undefined;
  const message = e.message || (typeof body === 'string' && body) || 'error';
  return { code, aadsts: [], message: code ? `${code}: ${message}` : message };
}

const CONFLICT_CODES = /^(ErrorIrresolvableConflict|resourceModified)$/;

/** Turns anything Graph or the identity platform answers (or a failed connection) into the shared taxonomy. */
export function mapMicrosoftError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as GraphErrorLike;
  const rawStatus = e.statusCode ?? e.status;
  const status = typeof rawStatus === 'number' && rawStatus > 0 ? rawStatus : undefined;
  const { oauthError, aadsts, code, message } = details(e);
  if (!status) return new ProviderUnavailableError(`microsoft unreachable: ${message}`, 'microsoft');
  const retryAfter = parseRetryAfter(header(e.headers, 'retry-after'));
  if (oauthError === 'temporarily_unavailable' || oauthError === 'server_error') {
    return new ProviderUnavailableError(`microsoft identity platform ${status}: ${message}`, 'microsoft', status, retryAfter);
  }
  if ((oauthError && AUTH_ERRORS.has(oauthError)) || aadsts.some((c) => AUTH_AADSTS.has(c))) {
    return new ProviderAuthError(`microsoft authorization failed: ${message}`, 'microsoft', status);
  }
  // Graph call with a refused access token: one forced refresh may fix it.
  if (status === 401) return new ProviderAccessTokenRejectedError(`microsoft refused the access token: ${message}`, 'microsoft', status);
  if (status === 403) {
    // Graph throttles some workloads with 403 plus Retry-After; treat that like 429.
    if (retryAfter !== undefined && !(code && PERMISSION_CODES.test(code))) {
      return new ProviderRateLimitError(`microsoft rate limit: ${message}`, 'microsoft', retryAfter);
    }
    return new ProviderPermissionError(`microsoft permission denied: ${message}`, 'microsoft', status, code ?? null);
  }
  if (status === 410 || (code && EXPIRED_DELTA_CODES.test(code))) {
    return new SyncCursorExpiredError(`microsoft delta link expired: ${message}`, 'microsoft', status);
  }
  if (status === 429) {
    return new ProviderRateLimitError(`microsoft rate limit: ${message}`, 'microsoft', retryAfter ?? DEFAULT_RATE_LIMIT_BACKOFF_MS);
  }
  // A stale change key (documented for other Outlook items; unconfirmed for contacts, whose writer
  // compares changeKey itself): the writer re-reads and merges.
  if (status === 412 || (code && CONFLICT_CODES.test(code))) return new ProviderConflictError(`microsoft: the item changed since it was read: ${message}`, 'microsoft', status);
  if (status >= 500) return new ProviderUnavailableError(`microsoft ${status}: ${message}`, 'microsoft', status, retryAfter);
  return new ProviderRequestError(`microsoft rejected the request (${status}): ${message}`, 'microsoft', status);
}
