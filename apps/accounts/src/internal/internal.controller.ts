import { Controller, HttpCode, Param, ParseBoolPipe, Post, Query, DefaultValuePipe } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { InternalApi } from '@contact-sync/platform';

/** Service-to-service API; never routed from outside the cluster. No acting user: the caller's own credential (ingest, writeback). */
@InternalApi('accounts.tokens')
@Controller('internal/accounts')
export class InternalController {
  constructor(private readonly tokens: AccessTokenService) {}

  /** A currently valid access token. `force=true` after the provider answered 401 to the last one. */
  @Post(':id/access-token')
  @HttpCode(200)
  accessToken(@Param('id') id: string, @Query('force', new DefaultValuePipe(false), ParseBoolPipe) force: boolean) {
    return this.tokens.issue(id, force);
  }
}
