import { OAuth2Client } from 'google-auth-library';
import type { AuthorizationRequest, OAuthProvider, OAuthTokens } from '../oauth/oauth-provider';
import type { GoogleEndpoints } from '../provider-endpoints';
import { mapGoogleError } from './google-error-mapper';

const REVOKE_TIMEOUT_MS = 30_000;

export const GOOGLE_CONTACTS_SCOPES = ['https://www.googleapis.com/auth/contacts', 'openid', 'email'] as const;

/** Google's OAuth 2.0 through google-auth-library, with only its endpoints configurable. */
export class GoogleOAuthProvider implements OAuthProvider {
  readonly provider = 'google' as const;
  readonly scopes = GOOGLE_CONTACTS_SCOPES;

  constructor(private readonly endpoints: GoogleEndpoints) {}

  private client(redirectUri?: string): OAuth2Client {
    return new OAuth2Client({
      clientId: this.endpoints.clientId,
      clientSecret: this.endpoints.clientSecret,
      redirectUri,
      endpoints: { oauth2AuthBaseUrl: this.endpoints.authUrl, oauth2TokenUrl: this.endpoints.tokenUrl },
    });
  }

  authorizationUrl(request: AuthorizationRequest): string {
    return this.client(request.redirectUri).generateAuthUrl({
      access_type: 'offline',
      // Always ask: a re-connect must yield a new refresh token.
      prompt: 'consent',
      scope: [...this.scopes],
      state: request.state,
      login_hint: request.loginHint,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256' as never,
    });
  }

  async exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<OAuthTokens> {
    try {
      const { tokens } = await this.client(redirectUri).getToken({ code, codeVerifier, redirect_uri: redirectUri });
      return toTokens(tokens);
    } catch (err) {
      throw mapGoogleError(err);
    }
  }

  async refresh(refreshToken: string): Promise<OAuthTokens> {
    const client = this.client();
    client.setCredentials({ refresh_token: refreshToken });
    try {
      const { credentials } = await client.refreshAccessToken();
      return toTokens(credentials);
    } catch (err) {
      throw mapGoogleError(err);
    }
  }

  /**
   * POST to Google's revoke endpoint: revoking the refresh token ends the whole grant (its access
   * tokens too), and the app disappears from the user's third-party connections.
   */
  async revoke(refreshToken: string): Promise<'revoked'> {
    const url = this.endpoints.revokeUrl ?? this.endpoints.tokenUrl.replace(/\/token\/?$/, '/revoke');
    let res: Response;
    let body: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refreshToken }),
        signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
      });
      body = await res.text();
    } catch (err) {
      throw mapGoogleError(err);
    }
    if (res.ok || isAlreadyRevoked(res.status, body)) return 'revoked';
    let data: unknown = body;
    try {
      data = JSON.parse(body);
    } catch {
      // not JSON: kept as text
    }
    throw mapGoogleError({ message: `revoke failed: HTTP ${res.status}`, response: { status: res.status, data, headers: res.headers } });
  }
}

/** Google answers 400 invalid_token for a token it no longer knows: already revoked, as far as we care. */
const isAlreadyRevoked = (status: number, body: string) => status === 400 && /"error"\s*:\s*"invalid_token"/.test(body);

function toTokens(t: { access_token?: string | null; expiry_date?: number | null; refresh_token?: string | null; scope?: string }): OAuthTokens {
  if (!t.access_token) throw mapGoogleError({ message: 'token response without access_token', response: { status: 502 } });
  return {
    accessToken: t.access_token,
    expiresAt: new Date(t.expiry_date ?? Date.now() + 3600_000),
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
  };
}
