import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JsonWebTokenError, JwtService, NotBeforeError, TokenExpiredError } from '@nestjs/jwt';
import { SERVICE_CONFIG } from '../config/service-config';
import { ACTOR_ID_PATTERN, type Actor } from './actor';
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
];

/**
 * Verifies the acting-user token the CRM issues: a JWT whose `sub` is the user and `company_id` the
 * company. Only the configured algorithm and key are used (never the token header's choice), `exp`
 * is required, and `iss` / `aud` are checked when configured. Every failure is a 401 saying why.
 */
@Injectable()
export class ActorTokenVerifier {
  private readonly jwt: JwtService;
  private readonly algorithm: ActorTokenEnv['ACTOR_JWT_ALGORITHM'];

  constructor(@Inject(SERVICE_CONFIG) config: ActorTokenEnv) {
    this.algorithm = config.ACTOR_JWT_ALGORITHM;
    const key = this.algorithm === 'HS256' ? config.ACTOR_JWT_SECRET : config.ACTOR_JWT_PUBLIC_KEY;
    if (!key) throw new Error(`ActorTokenVerifier: no key configured for ${this.algorithm} (merge actorTokenEnvSchema into the env schema)`);
    this.jwt = new JwtService({
      ...(this.algorithm === 'HS256' ? { secret: key } : { publicKey: key }),
      verifyOptions: {
        algorithms: [this.algorithm],
        clockTolerance: ACTOR_TOKEN_CLOCK_TOLERANCE_SECONDS,
        ...(config.ACTOR_JWT_ISSUER ? { issuer: config.ACTOR_JWT_ISSUER } : {}),
        ...(config.ACTOR_JWT_AUDIENCE ? { audience: config.ACTOR_JWT_AUDIENCE } : {}),
      },
    });
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
    let payload: unknown;
    try {
      payload = this.jwt.verify<object>(token);
    } catch (err) {
      throw new UnauthorizedException(`actor token ${this.reason(err)}`);
    }
    if (typeof payload !== 'object' || payload === null) throw new UnauthorizedException('actor token payload is not a JSON object');
    const claims = payload as Record<string, unknown>;
    if (typeof claims['exp'] !== 'number') throw new UnauthorizedException('actor token lacks an expiry (exp)');
    const userId = claims['sub'];
    const companyId = claims['company_id'];
    if (typeof userId !== 'string' || !userId) throw new UnauthorizedException('actor token lacks the user (sub)');
    if (typeof companyId !== 'string' || !companyId) throw new UnauthorizedException('actor token lacks the company (company_id)');
    if (!ACTOR_ID_PATTERN.test(userId)) throw new UnauthorizedException('actor token sub is not a valid user id');
    if (!ACTOR_ID_PATTERN.test(companyId)) throw new UnauthorizedException('actor token company_id is not a valid company id');
    return { userId, companyId };
  }

  private reason(err: unknown): string {
    if (err instanceof TokenExpiredError) return 'expired';
    if (err instanceof NotBeforeError) return 'is not valid yet (nbf)';
    if (err instanceof JsonWebTokenError) {
      if (err.message === 'invalid algorithm') return `is not signed with ${this.algorithm}`;
      return REASONS.find(([pattern]) => pattern.test(err.message))?.[1] ?? 'is invalid';
    }
    return 'is invalid';
  }
}
