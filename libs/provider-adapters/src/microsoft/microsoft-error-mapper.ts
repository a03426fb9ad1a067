import {
  parseRetryAfter,
  ProviderAuthError,
  ProviderError,
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
function details(e: GraphErrorLike): { oauthError?: string; code?: string; message: string } {
  const body = parseBody(e.body) as Record<string, unknown> | string | undefined;
  if (body && typeof body === 'object') {
    if (typeof body['error'] === 'string') {
      const description = typeof body['error_description'] === 'string' ? body['error_description'].split(/\r?\n/)[0] : undefined;
      return { oauthError: body['error'], message: description ? `${body['error']}: ${description}` : body['error'] };
    }
    const inner = (typeof body['error'] === 'object' && body['error'] ? body['error'] : body) as { code?: unknown; message?: unknown };
    const code = typeof inner.code === 'string' ? inner.code : (e.code ?? undefined);
    const message = typeof inner.message === 'string' ? inner.message : (e.message ?? 'error');
    return { code, message: code ? `${code}: ${message}` : message };
  }
  const code = e.code ?? undefined;
  const message = e.message || (typeof body === 'string' && body) || 'error';
  return { code, message: code ? `${code}: ${message}` : message };
}

/** Turns anything Graph or the identity platform answers (or a failed connection) into the shared taxonomy. */
export function mapMicrosoftError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as GraphErrorLike;
  const rawStatus = e.statusCode ?? e.status;
  const status = typeof rawStatus === 'number' && rawStatus > 0 ? rawStatus : undefined;
  const { oauthError, code, message } = details(e);
  if (!status) return new ProviderUnavailableError(`microsoft unreachable: ${message}`, 'microsoft');
  const retryAfter = parseRetryAfter(header(e.headers, 'retry-after'));
  if (oauthError === 'temporarily_unavailable' || oauthError === 'server_error') {
    return new ProviderUnavailableError(`microsoft identity platform ${status}: ${message}`, 'microsoft', status, retryAfter);
  }
  if ((oauthError && AUTH_ERRORS.has(oauthError)) || status === 401 || status === 403) {
    return new ProviderAuthError(`microsoft authorization failed: ${message}`, 'microsoft', status);
  }
  if (status === 410 || (code && EXPIRED_DELTA_CODES.test(code))) {
    return new SyncCursorExpiredError(`microsoft delta link expired: ${message}`, 'microsoft', status);
  }
  if (status === 429) {
    return new ProviderRateLimitError(`microsoft rate limit: ${message}`, 'microsoft', retryAfter ?? DEFAULT_RATE_LIMIT_BACKOFF_MS);
  }
  if (status >= 500) return new ProviderUnavailableError(`microsoft ${status}: ${message}`, 'microsoft', status, retryAfter);
  return new ProviderRequestError(`microsoft rejected the request (${status}): ${message}`, 'microsoft', status);
}
