import { OAuth2Client } from 'google-auth-library';
import type { AuthorizationRequest, OAuthProvider, OAuthTokens } from '../oauth/oauth-provider';
import type { GoogleEndpoints } from '../provider-endpoints';
import { mapGoogleError } from './google-error-mapper';

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
}

function toTokens(t: { access_token?: string | null; expiry_date?: number | null; refresh_token?: string | null; scope?: string }): OAuthTokens {
  if (!t.access_token) throw mapGoogleError({ message: 'token response without access_token', response: { status: 502 } });
  return {
    accessToken: t.access_token,
    expiresAt: new Date(t.expiry_date ?? Date.now() + 3600_000),
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
  };
}
