import { Inject, Injectable } from '@nestjs/common';
import { EMULATOR_CONFIG, type EmulatorConfig } from '../../core/emulator-config';
import { pkceMatches } from '../../core/pkce';
import { RequestCounter } from '../../core/request-counter';
import { TokenIssuer, type IssuedTokens } from '../../core/token-issuer';
import { TokenOutage } from '../../core/token-outage';

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

const fail = (status: number, error: string, description: string): TokenResponse => ({ status, body: { error, error_description: description } });

const success = (t: IssuedTokens): TokenResponse => ({
  status: 200,
  body: {
    access_token: t.accessToken,
    expires_in: t.expiresIn,
    ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
    scope: t.scopes.join(' '),
    token_type: 'Bearer',
  },
});
const TOKEN_PREFIXES = { accessPrefix: 'ya29.', refreshPrefix: '1//0' };

/**
 * Google's token endpoint (`https://oauth2.googleapis.com/token`): authorization_code with PKCE
 * and refresh_token grants, with Google's error codes and descriptions.
 */
@Injectable()
export class GoogleTokenService {
  constructor(
    @Inject(EMULATOR_CONFIG) private readonly config: EmulatorConfig,
    private readonly tokens: TokenIssuer,
    private readonly counter: RequestCounter,
    private readonly outage: TokenOutage,
  ) {}

  token(body: Record<string, unknown>, authorization: string | undefined): TokenResponse {
    const down = this.outage.take('google');
    if (down !== null) return fail(down, 'internal_failure', 'Backend Error');
    const p = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    // Client credentials in the body (client_secret_post) or in HTTP Basic (client_secret_basic).
    const basic = authorization?.match(/^Basic\s+(\S+)$/i)?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
    const clientId = p('client_id') ?? basicId;
    const clientSecret = p('client_secret') ?? basicSecret;
    if (!clientId) return fail(400, 'invalid_request', 'Could not determine client ID from request.');
    if (clientId !== this.config.google.clientId) return fail(401, 'invalid_client', 'The OAuth client was not found.');
    if (clientSecret !== this.config.google.clientSecret) return fail(401, 'invalid_client', 'Unauthorized');

    const grantType = p('grant_type');
    if (grantType === 'authorization_code') return this.codeGrant(clientId, p('code'), p('redirect_uri'), p('code_verifier'));
    if (grantType === 'refresh_token') return this.refreshGrant(clientId, p('refresh_token'));
    return fail(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }

  /** Revoking an access or refresh token revokes the grant (`https://oauth2.googleapis.com/revoke`). */
  revoke(token: string | undefined): TokenResponse {
    if (token && this.tokens.revokeToken('google', token)) return { status: 200, body: {} };
    return fail(400, 'invalid_token', 'Token expired or revoked');
  }

  private codeGrant(clientId: string, code: string | undefined, redirectUri: string | undefined, verifier: string | undefined): TokenResponse {
    if (!code) return fail(400, 'invalid_request', 'Missing required parameter: code');
    const redeemed = this.tokens.redeemCode(code);
    if (!redeemed.ok) return fail(400, 'invalid_grant', redeemed.reason === 'unknown' ? 'Malformed auth code.' : 'Bad Request');
    const grant = redeemed.code;
    this.counter.record('google', grant.account, 'oauth.token');
    if (grant.clientId !== clientId) return fail(400, 'invalid_grant', 'Unauthorized');
    if (!redirectUri) return fail(400, 'invalid_request', 'Missing parameter: redirect_uri');
    if (redirectUri !== grant.redirectUri) return fail(400, 'redirect_uri_mismatch', 'Bad Request');
    if (grant.pkce && !verifier) return fail(400, 'invalid_grant', 'Missing code verifier.');
    if (grant.pkce && verifier && !pkceMatches(grant.pkce, verifier)) return fail(400, 'invalid_grant', 'Invalid code verifier.');
    if (!grant.pkce && verifier) return fail(400, 'invalid_grant', 'code_verifier or verifier is not needed.');
    return success(this.tokens.issueTokens(grant, { withRefreshToken: grant.withRefreshToken, ...TOKEN_PREFIXES }));
  }

  private refreshGrant(clientId: string, refreshToken: string | undefined): TokenResponse {
    if (!refreshToken) return fail(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const grant = this.tokens.refreshGrant(refreshToken);
    if (!grant || grant.provider !== 'google') return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
    this.counter.record('google', grant.account, 'oauth.token');
    if (grant.clientId !== clientId) return fail(400, 'unauthorized_client', 'Unauthorized');
    // Google does not rotate refresh tokens: the response carries a new access token only.
    return success(this.tokens.issueTokens(grant, { withRefreshToken: false, ...TOKEN_PREFIXES }));
  }
}
