import { randomUUID } from 'node:crypto';

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

/** "2023-05-25 13:21:24Z": how the identity platform writes timestamps in errors. */
const aadTimestamp = () => new Date().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

/**
 * An identity platform error: `AADSTS<code>: <message>` followed by trace and correlation ids and
 * the timestamp in `error_description`, and the same as fields (reference: the token issuance
 * endpoint errors page; observed bodies in Microsoft Q&A threads).
 */
export function aadError(status: number, error: string, code: number, message: string): TokenResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = aadTimestamp();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

/** The `error_description` of a redirect back to the app (no trace block there, only the message). */
export const aadDescription = (code: number, message: string) => `AADSTS${code}: ${message}`;

export const missingParameter = (name: string) => aadError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
