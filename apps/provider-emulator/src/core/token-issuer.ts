import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { opaque } from './ids';

interface AuthorizationCode {
  account: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  expiresAt: number;
}

/** Authorization codes, access and refresh tokens of the emulated OAuth servers. */
@Injectable()
export class TokenIssuer {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, { account: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { account: string; scope: string }>();
  accessTokenLifetimeSeconds = 3600;

  issueCode(grant: Omit<AuthorizationCode, 'expiresAt'>): string {
    const code = `4/${opaque(24)}`;
    this.codes.set(code, { ...grant, expiresAt: Date.now() + 10 * 60_000 });
    return code;
  }

  /** Single use; checks client, redirect URI and the PKCE S256 verifier. */
  redeemCode(code: string, clientId: string, redirectUri: string, verifier: string | undefined): { account: string; scope: string } | string {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expiresAt < Date.now()) return 'Malformed auth code.';
    if (grant.clientId !== clientId) return 'Unauthorized client.';
    if (grant.redirectUri !== redirectUri) return 'Bad Request: redirect_uri_mismatch';
    if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) return 'Missing code verifier.';
    return { account: grant.account, scope: grant.scope };
  }

  issueTokens(account: string, scope: string, withRefresh: boolean): { accessToken: string; refreshToken?: string; expiresIn: number } {
    const accessToken = `ya29.${opaque(32)}`;
    const expiresIn = this.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, { account, expiresAt: Date.now() + expiresIn * 1000 });
    if (!withRefresh) return { accessToken, expiresIn };
    const refreshToken = `1//${opaque(32)}`;
    this.refreshTokens.set(refreshToken, { account, scope });
    return { accessToken, refreshToken, expiresIn };
  }

  refreshGrant(refreshToken: string): { account: string; scope: string } | undefined {
    return this.refreshTokens.get(refreshToken);
  }

  /** The account an access token belongs to, or why it is refused. */
  accountOf(accessToken: string | undefined): { account: string } | { error: 'missing' | 'invalid' | 'expired' } {
    if (!accessToken) return { error: 'missing' };
    const token = this.accessTokens.get(accessToken);
    if (!token) return { error: 'invalid' };
    if (token.expiresAt < Date.now()) return { error: 'expired' };
    return { account: token.account };
  }

  /** Revokes every grant of the account: refreshes then fail with invalid_grant. */
  revoke(account: string): void {
    for (const [t, v] of this.refreshTokens) if (v.account === account) this.refreshTokens.delete(t);
    for (const [t, v] of this.accessTokens) if (v.account === account) this.accessTokens.delete(t);
  }

  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.accessTokenLifetimeSeconds = 3600;
  }
}
