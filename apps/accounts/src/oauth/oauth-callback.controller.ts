import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Public } from '@contact-sync/platform';
import { AccountResponse } from '../accounts/account.response';
import { toAccountView } from '../accounts/account.view';
import { parseCallbackQuery } from './callback-query';
import { ConnectionService } from './connection.service';

/** Step 2 of connecting: the provider redirects the browser here with the code and our signed state. */
@ApiTags('oauth')
@Controller('oauth')
export class OAuthCallbackController {
  constructor(private readonly connections: ConnectionService) {}

  // No actor token: a browser redirect carries none; the signed state identifies the attempt.
  @Public()
  @Get('callback')
  @ApiOperation({ summary: "The provider's OAuth redirect: completes the connection" })
  @ApiQuery({ name: 'code', required: false, description: 'The authorization code' })
  @ApiQuery({ name: 'state', required: false, description: 'Our signed state from step 1' })
  @ApiQuery({ name: 'error', required: false, description: 'The provider refused (e.g. access_denied)' })
  @ApiQuery({ name: 'error_description', required: false })
  @ApiOkResponse({ type: AccountResponse, description: 'The connected account' })
  @ApiErrors([400, 'The provider refused, or the state is missing, repeated, forged or expired'], [503, "The provider's token endpoint failed for now; the attempt stays open: reload to retry"])
  async callback(@Query() query: Record<string, unknown>): Promise<AccountResponse> {
    return toAccountView(await this.connections.complete(parseCallbackQuery(query)));
  }
}
