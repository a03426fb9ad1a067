import { Body, Controller, Get, Headers, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { googlePaths } from '../google-paths';
import { first } from '../api/query-params';
import { GoogleAuthorizationService } from './google-authorization.service';
import { GoogleTokenService, type TokenResponse } from './google-token.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Google's OAuth 2.0 endpoints: consent (accounts.google.com), token and revoke (oauth2.googleapis.com). */
@Controller()
export class GoogleOAuthController {
  constructor(
    private readonly authorization: GoogleAuthorizationService,
    private readonly tokens: GoogleTokenService,
  ) {}

  @Get(googlePaths('o/oauth2/v2/auth'))
  authorize(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    const outcome = this.authorization.authorize(query);
    if (outcome.kind === 'redirect') return res.redirect(302, outcome.location);
    // Google shows an error page for a malformed request rather than redirecting it.
    res
      .status(outcome.status)
      .type('html')
      .send(
        `<!doctype html><title>Error ${outcome.status}: ${escapeHtml(outcome.error)}</title>` +
          `<h1>Access blocked: Authorization Error</h1><p id="errorCode">Error ${outcome.status}: ${escapeHtml(outcome.error)}</p>` +
          `<p id="errorDescription">${escapeHtml(outcome.description)}</p>`,
      );
  }

  @Post(googlePaths('token'))
  token(@Body() body: Record<string, unknown> | undefined, @Headers('authorization') authorization: string | undefined, @Res() res: Response): void {
    send(res, this.tokens.token(body ?? {}, authorization));
  }

  @Post(googlePaths('revoke'))
  revoke(@Query() query: Record<string, unknown>, @Body() body: Record<string, unknown> | undefined, @Res() res: Response): void {
    send(res, this.tokens.revoke(first(query.token) ?? first(body?.token)));
  }
}

function send(res: Response, r: TokenResponse): void {
  res.setHeader('Cache-Control', 'no-cache, no-store, max-age=0, must-revalidate');
  res.setHeader('Pragma', 'no-cache');
  res.status(r.status).json(r.body);
}
