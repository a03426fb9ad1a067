import { ApiProperty } from '@nestjs/swagger';
import { PROVIDERS } from '@contact-sync/contact-model';
import type { IssuedAccessToken } from './access-token.service';

/** POST /internal/accounts/:id/access-token: a provider access token valid for a while yet. */
export class AccessTokenResponse implements IssuedAccessToken {
  @ApiProperty({ description: "The provider's bearer token for the account's address book" }) accessToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ enum: PROVIDERS }) provider: string;
}
