import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';

/** The CRM user on whose behalf a request is made. */
export interface Actor {
  userId: string;
  companyId: string;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Reads the acting user set by the CRM gateway. For now the gateway passes `x-user-id` and
 * `x-company-id`; signed tokens replace these headers when the directory lands (docs/decisions.md).
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const headers = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers;
  const userId = headers['x-user-id'];
  const companyId = headers['x-company-id'];
  if (!userId || !companyId || !ID.test(userId) || !ID.test(companyId)) {
    throw new UnauthorizedException('x-user-id and x-company-id headers are required');
  }
  return { userId, companyId };
});
