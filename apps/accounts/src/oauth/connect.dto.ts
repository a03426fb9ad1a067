import { Transform } from 'class-transformer';
import { IsEmail, IsIn } from 'class-validator';
import { PROVIDERS, type ProviderKind } from '@contact-sync/contact-model';

export class ConnectAccountDto {
  @IsIn(PROVIDERS as unknown as string[], { message: `provider must be one of: ${PROVIDERS.join(', ')}` })
  provider: ProviderKind;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;
}
