import type { AuthorizationRequest, OAuthProvider, OAuthTokens } from '../oauth/oauth-provider';
import type { MicrosoftEndpoints } from '../provider-endpoints';
import { ProviderUnavailableError } from '../provider-errors';
import { mapMicrosoftError, MicrosoftHttpError } from './microsoft-error-mapper';

/**
 * Delegated scopes. `offline_access` yields the refresh token; Contacts.ReadWrite covers the delta
 * reads and the later write-back; `openid email` identify the mailbox. The Graph permission is
 * written with its resource (`https://graph.microsoft.com/`): the identity platform treats the bare
 * `Contacts.ReadWrite` as the same scope (Graph is the default resource), the full form just does
 * not depend on that default.
 */
export const MICROSOFT_CONTACTS_SCOPES = ['offline_access', 'https://graph.microsoft.com/Contacts.ReadWrite', 'openid', 'email'] as const;

const TOKEN_TIMEOUT_MS = 30_000;

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number | string;
  scope?: string;
  token_type?: string;
}

/**
 * Microsoft identity platform (v2.0 endpoints under the configured authority): authorization code
 * with PKCE for a confidential client, and refresh. Microsoft rotates refresh tokens: every refresh
 * answer carries a new one, which is returned so the caller stores it.
 */
export class MicrosoftOAuthProvider implements OAuthProvider {
  readonly provider = 'microsoft' as const;
  readonly scopes = MICROSOFT_CONTACTS_SCOPES;
  private readonly authority: string;

  constructor(private readonly endpoints: MicrosoftEndpoints) {
    this.authority = endpoints.authorityUrl.replace(/\/+$/, '');
  }

  get authorizeUrl(): string {
    const browserAuthority = this.endpoints.browserAuthorityUrl?.replace(/\/+$/, '') ?? this.authority;
    return `${browserAuthority}/oauth2/v2.0/authorize`;
  }

  get tokenUrl(): string {
    return `${this.authority}/oauth2/v2.0/token`;
  }

  authorizationUrl(request: AuthorizationRequest): string {
    const params = new URLSearchParams({
      client_id: this.endpoints.clientId,
      response_type: 'code',
      redirect_uri: request.redirectUri,
      response_mode: 'query',
      scope: this.scopes.join(' '),
      state: request.state,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      // The mailbox the user asked to connect: no `prompt=select_account`, which invites picking
      // another one. Consent is asked when needed, and a refresh token comes with offline_access
      // whether or not consent is shown again.
      login_hint: request.loginHint,
    });
    return `${this.authorizeUrl}?${params.toString()}`;
  }

  exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<OAuthTokens> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier });
  }

  refresh(refreshToken: string): Promise<OAuthTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /**
   * Not supported: the identity platform has no endpoint that revokes one app's refresh token.
   * `POST /me/revokeSignInSessions` (Graph) would invalidate every refresh token of the user, for
   * all apps and devices, and needs User.RevokeSessions.All; removing the app's consent is an admin
   * or user action in the account portal. Disconnect wipes our copy of the tokens; the refresh token
   * dies after 90 days unused (AADSTS700082).
   */
  async revoke(_refreshToken: string): Promise<'not_supported'> {
    return 'not_supported';
  }

  private async token(grant: Record<string, string>): Promise<OAuthTokens> {
    const body = new URLSearchParams({
      client_id: this.endpoints.clientId,
      client_secret: this.endpoints.clientSecret,
      scope: this.scopes.join(' '),
      ...grant,
    });
    const requestedAt = Date.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (err) {
      throw mapMicrosoftError(err);
    }
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error message
    }
    if (!res.ok) throw mapMicrosoftError(new MicrosoftHttpError(res.status, json, res.headers));
    return toTokens(json as TokenResponse, requestedAt);
  }
}

function toTokens(t: TokenResponse, requestedAt: number): OAuthTokens {
  if (!t || typeof t !== 'object' || typeof t.access_token !== 'string' || !t.access_token) {
    throw new ProviderUnavailableError('microsoft token response without access_token', 'microsoft', 502);
  }
  const expiresIn = Number(t.expires_in);
  return {
    accessToken: t.access_token,
    // expires_in counts from when the token was issued: measure from the request, never later.
    expiresAt: new Date(requestedAt + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000),
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
  };
}
