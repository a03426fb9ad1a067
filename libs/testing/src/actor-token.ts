import { JwtService } from '@nestjs/jwt';

const signer = new JwtService();

/**
 * An acting-user token as the CRM issues it (HS256): `sub` = user, `company_id` = company, expiring
 * after `ttlSeconds`. accounts and contacts accept it with the stack's ACTOR_JWT_SECRET.
 */
export function signActorToken(actor: { userId: string; companyId: string }, secret: string, ttlSeconds = 3600): string {
  return signer.sign({ sub: actor.userId, company_id: actor.companyId }, { algorithm: 'HS256', secret, expiresIn: ttlSeconds });
}

/** How a CrmUser signs its tokens: a shared HS256 secret, or a function standing for the CRM's own signer (RS256 with a key id, issuer, audience). */
export type ActorTokenSigning = string | ((actor: { userId: string; companyId: string }, ttlSeconds: number) => string);

/** An acting-user token as a CRM with an RS256 key set issues it: the header names the key (`kid`). */
export function signActorTokenRs256(actor: { userId: string; companyId: string }, key: { privateKey: string; kid: string; issuer?: string; audience?: string }, ttlSeconds = 3600): string {
  return signer.sign({ sub: actor.userId, company_id: actor.companyId }, {
    algorithm: 'RS256',
    privateKey: key.privateKey,
    keyid: key.kid,
    expiresIn: ttlSeconds,
    ...(key.issuer ? { issuer: key.issuer } : {}),
    ...(key.audience ? { audience: key.audience } : {}),
  });
}
