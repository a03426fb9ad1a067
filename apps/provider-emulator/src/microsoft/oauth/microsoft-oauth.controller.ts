import { Body, Controller, Get, Headers, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MicrosoftAuthorizationService } from './microsoft-authorization.service';
import { MicrosoftTokenService } from './microsoft-token.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The Microsoft identity platform v2.0 endpoints under any tenant segment (`common`, `consumers`,
 * `organizations`, a tenant id or domain): `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/...`.
 */
@Controller(':tenant/oauth2/v2.0')
export class MicrosoftOAuthController {
  constructor(
    private readonly authorization: MicrosoftAuthorizationService,
    private readonly tokens: MicrosoftTokenService,
  ) {}

  @Get('authorize')
  authorize(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    const outcome = this.authorization.authorize(query);
    if (outcome.kind === 'redirect') return res.redirect(302, outcome.location);
    // The sign-in page shows what it cannot send back to an untrusted redirect URI.
    res
      .status(outcome.status)
      .type('html')
      .send(
        `<!doctype html><title>Sign in to your account</title><h1>Sorry, but we're having trouble signing you in.</h1>` +
          `<p id="error">${escapeHtml(outcome.error)}</p><p id="errorDescription">${escapeHtml(outcome.description)}</p>`,
      );
  }

  @Post('token')
  token(@Body() body: Record<string, unknown> | undefined, @Headers('authorization') authorization: string | undefined, @Res() res: Response): void {
    const r = this.tokens.token(body ?? {}, authorization);
    res.setHeader('Cache-Control', 'no-store, no-cache');
    res.setHeader('Pragma', 'no-cache');
    res.status(r.status).json(r.body);
  }
}
