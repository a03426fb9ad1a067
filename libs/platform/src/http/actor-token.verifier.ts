import { Inject, Injectable, UnauthorizedException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JsonWebTokenError, JwtService, NotBeforeError, TokenExpiredError, type JwtVerifyOptions } from '@nestjs/jwt';
import { SERVICE_CONFIG } from '../config/service-config';
import { ACTOR_ID_PATTERN, type Actor } from './actor';
import { actorSigningKeys, type ActorSigningKeys } from './actor-signing-keys';
import type { ActorTokenEnv } from './actor-token-env.schema';

/** Clock skew allowed between the token issuer and this service, for `exp` and `nbf`. */
export const ACTOR_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

/** jsonwebtoken's messages for a bad token, as we tell the caller (without the expected values). */
const REASONS: [RegExp, string][] = [
  [/^jwt malformed$|^invalid token$/, 'is malformed'],
  [/^jwt signature is required$/, 'is not signed'],
  [/^invalid signature$/, 'has an invalid signature'],
  [/^jwt audience invalid/, 'is for another audience (aud)'],
  [/^jwt issuer invalid/, 'is from another issuer (iss)'],
  [/^invalid (exp|nbf) value$/, 'has a malformed exp or nbf claim'],
  [/^iat required when maxAge is specified$/, 'lacks its issue time (iat)'],
];

/** The `kid` of a token's header, without trusting anything else in it (undefined: none, or not a JWT). */
function keyIdOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies the acting-user token the CRM issues: a JWT whose `sub` is the user and `company_id` the
 * company. Only the configured algorithm and key are used (never the token header's choice; with a
 * key set, the header's `kid` only picks among the configured keys), `exp` and `iat` are required,
 * a token may neither live nor be older than ACTOR_JWT_MAX_AGE_SECONDS, and `iss` / `aud` are
 * checked when configured (always in production). Every failure is a 401 saying why.
 */
@Injectable()
export class ActorTokenVerifier implements OnModuleInit, OnModuleDestroy {
  private readonly jwt = new JwtService();
  private readonly algorithm: ActorTokenEnv['ACTOR_JWT_ALGORITHM'];
  private readonly keys: ActorSigningKeys;
  private readonly maxAgeSeconds: number;
  private readonly options: JwtVerifyOptions;

  constructor(@Inject(SERVICE_CONFIG) config: ActorTokenEnv) {
    this.algorithm = config.ACTOR_JWT_ALGORITHM;
    this.keys = actorSigningKeys(config);
    this.maxAgeSeconds = config.ACTOR_JWT_MAX_AGE_SECONDS ?? 3_600;
    this.options = {
      algorithms: [this.algorithm],
      clockTolerance: ACTOR_TOKEN_CLOCK_TOLERANCE_SECONDS,
      maxAge: this.maxAgeSeconds,
      ...(config.ACTOR_JWT_ISSUER ? { issuer: config.ACTOR_JWT_ISSUER } : {}),
      ...(config.ACTOR_JWT_AUDIENCE ? { audience: config.ACTOR_JWT_AUDIENCE } : {}),
    };
  }

  /** A JWKS URL is fetched before the service takes requests. */
  onModuleInit(): Promise<void> {
    return this.keys.start();
  }

  onModuleDestroy(): void {
    this.keys.stop();
  }

  /** The acting user of an `Authorization` header value; throws UnauthorizedException otherwise. */
  verifyAuthorization(header: string | string[] | undefined): Actor {
    const value = Array.isArray(header) ? header[0] : header;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
    if (!token) throw new UnauthorizedException('missing bearer token (Authorization: Bearer <actor JWT>)');
    return this.verify(token);
  }

  /** The acting user of a token; throws UnauthorizedException otherwise. */
  verify(token: string): Actor {
    const kid = keyIdOf(token);
    if (this.keys.keyed && kid === undefined) throw new UnauthorizedException('actor token names no signing key (kid)');
    const key = this.keys.find(kid);
    if (!key) throw new UnauthorizedException(`actor token is signed with an unknown key (kid "${String(kid).slice(0, 64)}")`);
    let payload: unknown;
    try {
      payload = this.jwt.verify<object>(token, { ...this.options, ...key });
    } catch (err) {
      throw new UnauthorizedException(`actor token ${this.reason(err)}`);
    }
    if (typeof payload !== 'object' || payload === null) throw new UnauthorizedException('actor token payload is not a JSON object');
    const claims = payload as Record<string, unknown>;
    if (typeof claims['exp'] !== 'number') throw new UnauthorizedException('actor token lacks an expiry (exp)');
    // maxAge bounds the age (now - iat); the lifetime too, so a token minted for a year is refused even when fresh.
    if (typeof claims['iat'] === 'number' && claims['exp'] - claims['iat'] > this.maxAgeSeconds) {
      throw new UnauthorizedException(`actor token lives longer than the ${this.maxAgeSeconds} s allowed (exp - iat)`);
    }
    const userId = claims['sub'];
    const companyId = claims['company_id'];
    if (typeof userId !== 'string' || !userId) throw new UnauthorizedException('actor token lacks the user (sub)');
    if (typeof companyId !== 'string' || !companyId) throw new UnauthorizedException('actor token lacks the company (company_id)');
    if (!ACTOR_ID_PATTERN.test(userId)) throw new UnauthorizedException('actor token sub is not a valid user id');
    if (!ACTOR_ID_PATTERN.test(companyId)) throw new UnauthorizedException('actor token company_id is not a valid company id');
    return { userId, companyId };
  }

  private reason(err: unknown): string {
    if (err instanceof TokenExpiredError) return err.message === 'maxAge exceeded' ? `is older than the ${this.maxAgeSeconds} s allowed (iat)` : 'expired';
    if (err instanceof NotBeforeError) return 'is not valid yet (nbf)';
    if (err instanceof JsonWebTokenError) {
      if (err.message === 'invalid algorithm') return `is not signed with ${this.algorithm}`;
      return REASONS.find(([pattern]) => pattern.test(err.message))?.[1] ?? 'is invalid';
    }
    return 'is invalid';
  }
}
