import { Controller, HttpCode, Param, ParseBoolPipe, Post, Query, UseGuards, DefaultValuePipe } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { InternalApiGuard, Public } from '@contact-sync/platform';

/** Service-to-service API; never routed from outside the cluster. No acting user: InternalApiGuard instead. */
@Public()
@Controller('internal/accounts')
@UseGuards(InternalApiGuard)
export class InternalController {
  constructor(private readonly tokens: AccessTokenService) {}

  /** A currently valid access token. `force=true` after the provider answered 401 to the last one. */
  @Post(':id/access-token')
  @HttpCode(200)
  accessToken(@Param('id') id: string, @Query('force', new DefaultValuePipe(false), ParseBoolPipe) force: boolean) {
    return this.tokens.issue(id, force);
  }
}
