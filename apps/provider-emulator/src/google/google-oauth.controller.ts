import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EMULATOR_CONFIG, type EmulatorConfig } from '../core/emulator-config';
import { TokenIssuer } from '../core/token-issuer';
import { GoogleStore } from './google-store';

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

/**
 * Google's OAuth 2.0 endpoints (served at the emulator's root, like Google's API paths, because the
 * client libraries resolve paths against the host and keep only their base URL configurable): the consent screen (auto-approved for the account named by
 * login_hint, since there is no one to click) and the token endpoint.
 */
@Controller()
export class GoogleOAuthController {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly store: GoogleStore,
    @Inject(EMULATOR_CONFIG) private readonly config: EmulatorConfig,
  ) {}

  @Get('o/oauth2/v2/auth')
  authorize(@Query() q: Record<string, string | undefined>, @Res() res: Response): void {
    if (q.client_id !== this.config.googleClientId) {
      res.status(401).json({ error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      return;
    }
    const { redirect_uri: redirectUri, scope, login_hint: loginHint, code_challenge: codeChallenge } = q;
    const missing = ['redirect_uri', 'response_type', 'scope', 'login_hint', 'code_challenge'].filter((k) => !q[k]);
    if (!redirectUri || !scope || !loginHint || !codeChallenge || q.response_type !== 'code' || (q.code_challenge_method ?? 'plain') !== 'S256') {
      res.status(400).json({
        error: 'invalid_request',
        error_description: missing.length ? `Missing required parameter: ${missing.join(', ')}` : 'response_type=code and code_challenge_method=S256 are required',
      });
      return;
    }
    this.store.book(loginHint);
    const code = this.tokens.issueCode({ account: loginHint.toLowerCase(), clientId: q.client_id, redirectUri, codeChallenge, scope });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (q.state) target.searchParams.set('state', q.state);
    target.searchParams.set('scope', scope);
    res.redirect(302, target.toString());
  }

  @Post('token')
  @HttpCode(200)
  token(@Body() body: Record<string, string | undefined>, @Headers('authorization') authorization: string | undefined, @Res() res: Response): void {
    const fail = (status: number, error: OAuthError, description: string) => res.status(status).json({ error, error_description: description });
    const basic = authorization?.match(/^Basic\s+(.+)$/i)?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
    const clientId = body.client_id ?? basicId;
    const clientSecret = body.client_secret ?? basicSecret;
    if (clientId !== this.config.googleClientId || clientSecret !== this.config.googleClientSecret) {
      return void fail(401, 'invalid_client', 'The OAuth client was not found.');
    }
    if (body.grant_type === 'authorization_code') {
      if (!body.code || !body.redirect_uri) return void fail(400, 'invalid_request', 'Missing required parameter: code or redirect_uri');
      const grant = this.tokens.redeemCode(body.code, clientId, body.redirect_uri, body.code_verifier);
      if (typeof grant === 'string') return void fail(400, 'invalid_grant', grant);
      const t = this.tokens.issueTokens(grant.account, grant.scope, true);
      return void res.json({ access_token: t.accessToken, expires_in: t.expiresIn, refresh_token: t.refreshToken, scope: grant.scope, token_type: 'Bearer' });
    }
    if (body.grant_type === 'refresh_token') {
      const grant = body.refresh_token ? this.tokens.refreshGrant(body.refresh_token) : undefined;
      if (!grant) return void fail(400, 'invalid_grant', 'Token has been expired or revoked.');
      // Google does not rotate refresh tokens: only a new access token comes back.
      const t = this.tokens.issueTokens(grant.account, grant.scope, false);
      return void res.json({ access_token: t.accessToken, expires_in: t.expiresIn, scope: grant.scope, token_type: 'Bearer' });
    }
    fail(400, 'unsupported_grant_type', `Invalid grant_type: ${body.grant_type ?? ''}`);
  }
}
