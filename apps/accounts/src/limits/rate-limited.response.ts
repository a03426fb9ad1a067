import { ApiProperty } from '@nestjs/swagger';
import { ErrorResponse } from '@contact-sync/platform';

export class RateLimitDescription {
  @ApiProperty({ enum: ['connect', 'refresh', 'full_resync'], example: 'refresh' })
  action: string;

  @ApiProperty({ description: 'Requests allowed per window', example: 30 })
  max: number;

  @ApiProperty({ example: 3600 })
  windowSeconds: number;
}

/** The 429 body: which per-user limit was reached and when to come back (also the Retry-After header). */
export class RateLimitedResponse extends ErrorResponse {
  @ApiProperty({ type: RateLimitDescription })
  limit: RateLimitDescription;

  @ApiProperty({ description: 'Seconds until the window ends: the same as the Retry-After header', example: 1234 })
  retryAfterSeconds: number;
}
