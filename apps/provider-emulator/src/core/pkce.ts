import { createHash, timingSafeEqual } from 'node:crypto';

export type PkceMethod = 'S256' | 'plain';

export interface PkceChallenge {
  challenge: string;
  method: PkceMethod;
}

/** RFC 7636 §4.1–4.2: 43–128 characters of the unreserved set. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export const isPkceValue = (value: string): boolean => PKCE_VALUE.test(value);

/** Whether the verifier presented at the token endpoint matches the challenge sent to consent. */
export function pkceMatches(pkce: PkceChallenge, verifier: string): boolean {
  const derived = pkce.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(pkce.challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
