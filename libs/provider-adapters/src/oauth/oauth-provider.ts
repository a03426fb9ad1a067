import type { ProviderKind } from '@contact-sync/contact-model';

export interface AuthorizationRequest {
  state: string;
  codeChallenge: string;
  redirectUri: string;
  loginHint: string;
}

export interface OAuthTokens {
  accessToken: string;
  /** Absolute expiry as the provider stated it (expires_in), not a guess. */
  expiresAt: Date;
  /** Present on the code grant, and on refreshes by providers that rotate refresh tokens. */
  refreshToken?: string;
  scope?: string;
}

/** Authorization-code flow with PKCE, and refresh. Errors are ProviderError subclasses. */
export interface OAuthProvider {
  readonly provider: ProviderKind;
  readonly scopes: readonly string[];
  authorizationUrl(request: AuthorizationRequest): string;
  exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<OAuthTokens>;
  refresh(refreshToken: string): Promise<OAuthTokens>;
  /**
   * Revokes the grant at the provider (disconnect). 'not_supported' when the provider has no way to
   * revoke one app's grant without ending the user's other sessions (record why in docs/decisions.md).
   * Throws ProviderError subclasses; an already revoked or unknown token counts as revoked.
   */
  revoke(refreshToken: string): Promise<'revoked' | 'not_supported'>;
}
