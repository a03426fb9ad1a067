import { Logger } from '@nestjs/common';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { ReloadingSecret } from '../secrets/reloading-secret';
import type { ActorJwtAlgorithm, ActorTokenEnv } from './actor-token-env.schema';

/** What jsonwebtoken verifies with: an HMAC secret or a PEM public key. */
export type VerificationKey = { secret: Buffer } | { publicKey: string };

/** A key set never refetched on unknown key ids more often than this (a flood of forged kids must not become a flood of fetches). */
const MIN_REFETCH_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * The keys acting-user tokens are verified with. A single configured key answers every token; a
 * key set (JWKS) answers by the token's `kid`, so the CRM can publish a new key beside the old one,
 * switch its signing to it, and retire the old one, while we keep running.
 */
export interface ActorSigningKeys {
  /** Whether tokens must name their key (`kid`). */
  readonly keyed: boolean;
  /** The key of `kid`, or null when it is unknown. */
  find(kid: string | undefined): VerificationKey | null;
  start(): Promise<void>;
  stop(): void;
}

export function actorSigningKeys(config: ActorTokenEnv): ActorSigningKeys {
  const algorithm = config.ACTOR_JWT_ALGORITHM;
  if (config.ACTOR_JWT_JWKS_FILE) {
    const file = new ReloadingSecret('ACTOR_JWT_JWKS_FILE', { file: config.ACTOR_JWT_JWKS_FILE }, (text) => parseJwks(text, algorithm));
    return { keyed: true, find: (kid) => (kid === undefined ? null : (file.current.get(kid) ?? null)), start: async () => undefined, stop: () => undefined };
  }
  if (config.ACTOR_JWT_JWKS_URL) return new JwksUrlKeys(config.ACTOR_JWT_JWKS_URL, algorithm, config.ACTOR_JWT_JWKS_REFRESH_SECONDS * 1000);
  const key: VerificationKey | null = algorithm === 'HS256'
    ? (config.ACTOR_JWT_SECRET ? { secret: Buffer.from(config.ACTOR_JWT_SECRET) } : null)
    : (config.ACTOR_JWT_PUBLIC_KEY ? { publicKey: config.ACTOR_JWT_PUBLIC_KEY } : null);
  if (!key) throw new Error(`ActorTokenVerifier: no key configured for ${algorithm} (merge actorTokenEnvSchema into the env schema)`);
  return { keyed: false, find: () => key, start: async () => undefined, stop: () => undefined };
}

/** A JWKS document's keys usable with `algorithm`, by key id; anything unusable is an error, not silently skipped. */
export function parseJwks(text: string, algorithm: ActorJwtAlgorithm): Map<string, VerificationKey> {
  const doc = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(doc.keys) || doc.keys.length === 0) throw new Error('a JWKS needs a non-empty "keys" array');
  const keys = new Map<string, VerificationKey>();
  for (const jwk of doc.keys as (JsonWebKey & { kid?: unknown; alg?: unknown; use?: unknown })[]) {
    const kid = jwk.kid;
    if (typeof kid !== 'string' || kid === '') throw new Error('every key needs a "kid"');
    if (keys.has(kid)) throw new Error(`key id "${kid}" is given twice`);
    if (jwk.alg !== undefined && jwk.alg !== algorithm) throw new Error(`key "${kid}" is for ${String(jwk.alg)}, not ${algorithm}`);
    if (jwk.use !== undefined && jwk.use !== 'sig') throw new Error(`key "${kid}" is not a signing key (use ${String(jwk.use)})`);
    if (algorithm === 'HS256') {
      if (jwk.kty !== 'oct' || typeof jwk.k !== 'string') throw new Error(`key "${kid}" must be an "oct" key with "k" for HS256`);
      const secret = Buffer.from(jwk.k, 'base64url');
      if (secret.length < 32) throw new Error(`key "${kid}" must hold at least 32 bytes`);
      keys.set(kid, { secret });
    } else {
      if (jwk.kty !== 'RSA') throw new Error(`key "${kid}" must be an RSA key for RS256`);
      keys.set(kid, { publicKey: createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString() });
    }
  }
  return keys;
}

/** A JWKS URL: fetched at start (a service that cannot verify anyone does not start), refreshed on a timer and on an unknown `kid`. */
class JwksUrlKeys implements ActorSigningKeys {
  readonly keyed = true;
  private readonly logger = new Logger('ActorSigningKeys');
  private keys = new Map<string, VerificationKey>();
  private fetchedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly algorithm: ActorJwtAlgorithm,
    private readonly refreshMs: number,
  ) {}

  async start(): Promise<void> {
    await this.fetch();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  find(kid: string | undefined): VerificationKey | null {
    if (kid === undefined) return null;
    const key = this.keys.get(kid) ?? null;
    // A new key the CRM published since the last fetch: fetched now, so its next request passes.
    if (!key && Date.now() - this.fetchedAt >= MIN_REFETCH_MS) void this.refresh();
    return key;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.fetch()
      .catch((err: unknown) => this.logger.warn(`JWKS ${this.url}: refresh failed, keeping the ${this.keys.size} known keys: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async fetch(): Promise<void> {
    this.fetchedAt = Date.now();
    const res = await fetch(this.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`JWKS ${this.url} answered ${res.status}`);
    this.keys = parseJwks(await res.text(), this.algorithm);
  }
}
