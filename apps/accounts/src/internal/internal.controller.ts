import { Controller, HttpCode, Param, ParseBoolPipe, Post, Query, DefaultValuePipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AccessTokenService } from './access-token.service';
import { AccessTokenResponse } from './access-token.response';
import { ApiErrors, ApiInternal, InternalApi } from '@contact-sync/platform';

/** Service-to-service API; never routed from outside the cluster. No acting user: the caller's own credential (ingest, writeback). */
@InternalApi('accounts.tokens')
@Controller('internal/accounts')
@ApiInternal()
export class InternalController {
  constructor(private readonly tokens: AccessTokenService) {}

  /** A currently valid access token. `force=true` after the provider answered 401 to the last one. */
  @Post(':id/access-token')
  @HttpCode(200)
  @ApiOperation({ summary: "A valid provider access token for the account (ingest, writeback)" })
  @ApiQuery({ name: 'force', required: false, type: Boolean, description: 'Refresh even if the stored token looks valid (the provider answered 401 to it)' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiErrors([404, 'Account not found or disconnected'], [409, 'The account must be reconnected (`code`: reconnect_needed)'])
  accessToken(@Param('id') id: string, @Query('force', new DefaultValuePipe(false), ParseBoolPipe) force: boolean): Promise<AccessTokenResponse> {
    return this.tokens.issue(id, force);
  }
}
