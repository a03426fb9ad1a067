import { HttpException } from '@nestjs/common';

/**
 * A Google API error: `{"error": {"code", "message", "status", "details"}}` (google.rpc.Status in
 * JSON), plus the headers that go with it (Retry-After, WWW-Authenticate).
 */
export class GoogleApiError extends HttpException {
  constructor(
    httpStatus: number,
    readonly statusName: string,
    readonly apiMessage: string,
    readonly details?: Record<string, unknown>[],
    readonly headers: Record<string, string> = {},
  ) {
    super({ error: { code: httpStatus, message: apiMessage, status: statusName, ...(details ? { details } : {}) } }, httpStatus);
  }
}

/** google.rpc.Code numbers of the statuses the emulator sends (a Status inside a body carries the number). */
const RPC_CODES: Record<string, number> = {
  INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16,
};

/** The error as a google.rpc.Status, as batch responses embed it (`status`, `contactErrors`). */
export function rpcStatus(err: GoogleApiError): { code: number; message: string; details?: Record<string, unknown>[] } {
  return { code: RPC_CODES[err.statusName] ?? 2, message: err.apiMessage, ...(err.details ? { details: err.details } : {}) };
}

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const SERVICE = 'people.googleapis.com';
const CREDENTIAL_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** RPC method names the API reports in ErrorInfo metadata. */
export const RPC_METHODS: Record<string, string> = {
  'people.connections.list': 'google.people.v1.PeopleService.ListConnections',
  'people.get': 'google.people.v1.PeopleService.GetPerson',
  'contactGroups.list': 'google.people.v1.ContactGroupService.ListContactGroups',
  'contactGroups.get': 'google.people.v1.ContactGroupService.GetContactGroup',
  'people.createContact': 'google.people.v1.PeopleService.CreateContact',
  'people.updateContact': 'google.people.v1.PeopleService.UpdateContact',
  'people.deleteContact': 'google.people.v1.PeopleService.DeleteContact',
  'people.batchCreateContacts': 'google.people.v1.PeopleService.BatchCreateContacts',
  'people.batchUpdateContacts': 'google.people.v1.PeopleService.BatchUpdateContacts',
  'people.batchDeleteContacts': 'google.people.v1.PeopleService.BatchDeleteContacts',
  'people.getBatchGet': 'google.people.v1.PeopleService.GetPeople',
  'contactGroups.members.modify': 'google.people.v1.ContactGroupService.ModifyContactGroupMembers',
};
const errorInfo = (reason: string, domain: string, metadata?: Record<string, string>) => ({
  '@type': ERROR_INFO,
  reason,
  domain,
  ...(metadata ? { metadata } : {}),
});
const methodMetadata = (operation: string) => ({ method: RPC_METHODS[operation] ?? operation, service: SERVICE });

/** 401 for a missing, unknown or expired bearer token (reasons as Google reports them). */
export function unauthenticated(reason: 'missing' | 'invalid' | 'expired', operation: string): GoogleApiError {
  const missing = reason === 'missing';
  const errorReason = missing ? 'CREDENTIALS_MISSING' : reason === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED';
  return new GoogleApiError(
    401,
    'UNAUTHENTICATED',
    `${missing ? 'Request is missing required authentication credential' : 'Request had invalid authentication credentials'}. ${CREDENTIAL_HINT}`,
    [errorInfo(errorReason, 'googleapis.com', methodMetadata(operation))],
    { 'WWW-Authenticate': `Bearer realm="https://accounts.google.com/"${missing ? '' : ', error="invalid_token"'}` },
  );
}

export const insufficientScopes = (operation: string) =>
  new GoogleApiError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [
    errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'googleapis.com', methodMetadata(operation)),
  ]);

export const invalidArgument = (message: string) => new GoogleApiError(400, 'INVALID_ARGUMENT', message);

export const notFound = () => new GoogleApiError(404, 'NOT_FOUND', 'Requested entity was not found.');

/**
 * Expired or unknown sync token. Body as the People API sends it (ErrorInfo reason
 * EXPIRED_SYNC_TOKEN, documented on people.connections.list; status and message as observed in
 * production). Real Google answers HTTP 400; the emulator defaults to 410 (the sync contract's
 * "cursor gone") and can be switched to 400 through the admin settings.
 */
export const EXPIRED_SYNC_TOKEN_MESSAGE = 'Sync token is expired. Clear local cache and retry call without the sync token.';
export const expiredSyncToken = (httpStatus: 400 | 410) =>
  new GoogleApiError(httpStatus, 'FAILED_PRECONDITION', EXPIRED_SYNC_TOKEN_MESSAGE, [errorInfo('EXPIRED_SYNC_TOKEN', SERVICE)]);

/**
 * updateContact with a stale etag. Status, message and reason as observed in production
 * (docs/provider-emulator.md, provider-api-facts); the exact `details` are unconfirmed.
 */
export const STALE_ETAG_MESSAGE = 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.';
export const staleEtag = () => new GoogleApiError(400, 'FAILED_PRECONDITION', STALE_ETAG_MESSAGE, [errorInfo('failedPrecondition', SERVICE)]);

/**
 * A mutation that started while another of the same account was in flight (setting
 * `sequentialMutations`). Google only says "Mutate requests for the same user should be sent
 * sequentially to avoid increased latency and failures"; the failure it gives is unconfirmed.
 * ABORTED (409) is google.rpc's code for a concurrency conflict the client should retry.
 */
export const CONCURRENT_MUTATION_MESSAGE = 'The operation was aborted: another mutate request for this user is in progress. Send mutate requests for the same user sequentially.';
export const concurrentMutation = (operation: string) =>
  new GoogleApiError(409, 'ABORTED', CONCURRENT_MUTATION_MESSAGE, [errorInfo('ABORTED', SERVICE, methodMetadata(operation))]);

/**
 * A batch mutation refused as a whole (nothing applied): the first contact's error, with the
 * BatchCreateContactsErrorDetails / BatchUpdateContactsErrorDetails message naming every failing
 * contact (`contactErrors`: index → Status for creates, resource name → Status for updates).
 */
export function batchRefused(kind: 'Create' | 'Update', errors: [key: string, error: GoogleApiError][]): GoogleApiError {
  const [, firstError] = errors[0] as [string, GoogleApiError];
  const contactErrors = Object.fromEntries(errors.map(([key, e]) => [key, rpcStatus(e)]));
  return new GoogleApiError(firstError.getStatus(), firstError.statusName, firstError.apiMessage, [
    ...(firstError.details ?? []),
    { '@type': `type.googleapis.com/google.people.v1.Batch${kind}ContactsErrorDetails`, contactErrors },
  ]);
}

/** Retry-After for an injected fault: 429 defaults to 1 s; null means "send none". */
function retryAfterHeader(status: number, retryAfterSeconds: number | null | undefined): Record<string, string> {
  const retryAfter = retryAfterSeconds === null ? undefined : status === 429 ? (retryAfterSeconds ?? 1) : retryAfterSeconds;
  return retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
}

/** The quota 403 older Google APIs still send (legacy `errors[].reason`, rpc status PERMISSION_DENIED). */
const quotaForbidden = (headers: Record<string, string>) =>
  new GoogleApiError(
    403,
    'PERMISSION_DENIED',
    `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service '${SERVICE}'.`,
    [errorInfo('rateLimitExceeded', 'usageLimits', { service: SERVICE })],
    headers,
  );

/** What an injected fault looks like on the wire. */
export function injectedFault(
  status: 401 | 403 | 429 | 500 | 503,
  retryAfterSeconds: number | null | undefined,
  operation: string,
  reason: 'quota' | 'scope' | 'denied' = 'scope',
): GoogleApiError {
  const headers = retryAfterHeader(status, retryAfterSeconds);
  if (status === 401) return unauthenticated('expired', operation);
  if (status === 403) {
    if (reason === 'quota') return quotaForbidden(headers);
    if (reason === 'scope') return insufficientScopes(operation);
    return new GoogleApiError(403, 'PERMISSION_DENIED', 'The caller does not have permission', [errorInfo('PERMISSION_DENIED', SERVICE, methodMetadata(operation))]);
  }
  if (status === 429) {
    return new GoogleApiError(
      429,
      'RESOURCE_EXHAUSTED',
      `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service '${SERVICE}' for consumer 'project_number:000000000000'.`,
      [
        errorInfo('RATE_LIMIT_EXCEEDED', 'googleapis.com', {
          consumer: 'projects/000000000000',
          quota_limit: 'ReadRequestsPerMinutePerUser',
          quota_metric: `${SERVICE}/read_requests`,
          service: SERVICE,
        }),
      ],
      headers,
    );
  }
  if (status === 503) return new GoogleApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.', undefined, headers);
  return new GoogleApiError(500, 'INTERNAL', 'Internal error encountered.', undefined, headers);
}
