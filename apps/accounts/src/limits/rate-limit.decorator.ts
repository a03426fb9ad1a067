import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { RATE_LIMIT_ACTION, type RateLimitAction } from './rate-limit-action';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitedResponse } from './rate-limited.response';

export { refreshOrFullResync } from './rate-limit-action';

/** `@RateLimit('connect')`: the route counts against the acting user's limit for that action (429 beyond it, documented). */
export const RateLimit = (action: RateLimitAction) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_ACTION, action),
    UseGuards(RateLimitGuard),
    ApiResponse({
      status: 429,
      description: "The acting user's limit for this action is reached for the current window (docs/operations.md, \"Abuse limits\")",
      type: RateLimitedResponse,
      headers: { 'Retry-After': { description: 'Seconds until the window ends', schema: { type: 'integer', minimum: 1 } } },
    }),
  );
