import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RATE_LIMIT_ACTION, type RateLimitAction } from './rate-limit-action';
import { RateLimitGuard } from './rate-limit.guard';

export { refreshOrFullResync } from './rate-limit-action';

/** `@RateLimit('connect')`: the route counts against the acting user's limit for that action (429 beyond it). */
export const RateLimit = (action: RateLimitAction) => applyDecorators(SetMetadata(RATE_LIMIT_ACTION, action), UseGuards(RateLimitGuard));
