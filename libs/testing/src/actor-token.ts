import { JwtService } from '@nestjs/jwt';

const signer = new JwtService();

/**
 * An acting-user token as the CRM issues it (HS256): `sub` = user, `company_id` = company, expiring
 * after `ttlSeconds`. accounts and contacts accept it with the stack's ACTOR_JWT_SECRET.
 */
export function signActorToken(actor: { userId: string; companyId: string }, secret: string, ttlSeconds = 3600): string {
  return signer.sign({ sub: actor.userId, company_id: actor.companyId }, { algorithm: 'HS256', secret, expiresIn: ttlSeconds });
}
