import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn } from 'class-validator';
import { PROVIDERS, type ProviderKind } from '@contact-sync/contact-model';

export class ConnectAccountDto {
  @ApiProperty({ enum: PROVIDERS, example: 'google' })
  @IsIn(PROVIDERS as unknown as string[], { message: `provider must be one of: ${PROVIDERS.join(', ')}` })
  provider: ProviderKind;

  @ApiProperty({ format: 'email', description: 'The mailbox to connect (compared case-insensitively)', example: 'demo@example.com' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;
}

/** Step 1's answer: where to send the user's browser, and the pending account it will complete. */
export class ConnectionStartResponse {
  @ApiProperty() accountId: string;
  @ApiProperty({ format: 'uri', description: "The provider's consent page, carrying our signed state" }) authorizationUrl: string;
}
