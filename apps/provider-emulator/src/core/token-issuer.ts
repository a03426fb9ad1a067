import { Injectable } from '@nestjs/common';
import { systemClock, type Clock } from './clock';
import { opaque } from './ids';
import type { PkceChallenge } from './pkce';
import type { ProviderName } from './provider';
import { ResetRegistry } from './reset-registry';

/** Who consented to what: one grant per provider, account and OAuth client. */
interface GrantKey {
  provider: ProviderName;
  account: string;
  clientId: string;
}

export interface AuthorizationCode extends GrantKey {
  redirectUri: string;
  scopes: string[];
  pkce?: PkceChallenge;
  /** Whether redeeming it yields a refresh token (Google: access_type=offline on a fresh consent). */
  withRefreshToken: boolean;
  expiresAt: number;
  used: boolean;
}

export interface RefreshGrant extends GrantKey {
  scopes: string[];
}

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  scopes: string[];
}

export type Authentication =
  | { ok: true; account: string; clientId: string; scopes: string[] }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

interface AccessRecord extends GrantKey {
  scopes: string[];
  expiresAt: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;
const keyOf = (g: GrantKey): string => `${g.provider}\u0000${g.account}\u0000${g.clientId}`;

/**
 * Authorization codes, access tokens and refresh tokens of every emulated OAuth server. Provider
 * modules own the wire format and error wording; this keeps the state and the expiry rules.
 */
@Injectable()
export class TokenIssuer {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Scopes each grant holds: decides prompt=none, include_granted_scopes and first-consent refresh tokens. */
  private readonly grants = new Map<string, Set<string>>();
  private issuedSincePrune = 0;
  /** Lifetime of newly issued access tokens; tests shorten it to force refreshes. */
  accessTokenLifetimeSeconds = 3600;
  clock: Clock = systemClock;

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  /** Whether the grant still has a working refresh token (Google hands out one per consent). */
  hasRefreshToken(key: GrantKey): boolean {
    for (const t of this.refreshTokens.values()) if (keyOf(t) === keyOf(key)) return true;
    return false;
  }

  grantedScopes(key: GrantKey): string[] {
    return [...(this.grants.get(keyOf(key)) ?? [])];
  }

  issueCode(code: Omit<AuthorizationCode, 'expiresAt' | 'used'>, prefix: string): string {
    const value = `${prefix}${opaque(32)}`;
    this.codes.set(value, { ...code, expiresAt: this.clock() + CODE_LIFETIME_MS, used: false });
    return value;
  }

  /** Single use: the first redemption wins; later ones see `used`. */
  redeemCode(code: string): { ok: true; code: AuthorizationCode } | { ok: false; reason: 'unknown' | 'used' | 'expired' } {
    const found = this.codes.get(code);
    if (!found) return { ok: false, reason: 'unknown' };
    if (found.used) return { ok: false, reason: 'used' };
    found.used = true;
    if (found.expiresAt < this.clock()) return { ok: false, reason: 'expired' };
    return { ok: true, code: found };
  }

  /** Access token (and a refresh token when asked); records the grant's scopes. */
  issueTokens(grant: RefreshGrant, options: { withRefreshToken: boolean; accessPrefix: string; refreshPrefix: string }): IssuedTokens {
    this.pruneExpired();
    const scopes = [...grant.scopes];
    const granted = this.grants.get(keyOf(grant)) ?? new Set<string>();
    for (const s of scopes) granted.add(s);
    this.grants.set(keyOf(grant), granted);

    const accessToken = `${options.accessPrefix}${opaque(48)}`;
    const expiresIn = this.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, { ...this.grantKey(grant), scopes, expiresAt: this.clock() + expiresIn * 1000 });
    if (!options.withRefreshToken) return { accessToken, expiresIn, scopes };
    const refreshToken = `${options.refreshPrefix}${opaque(48)}`;
    this.refreshTokens.set(refreshToken, { ...this.grantKey(grant), scopes });
    return { accessToken, expiresIn, refreshToken, scopes };
  }

  refreshGrant(refreshToken: string): RefreshGrant | undefined {
    const grant = this.refreshTokens.get(refreshToken);
    return grant ? { ...grant, scopes: [...grant.scopes] } : undefined;
  }

  /** For providers that rotate refresh tokens: the old one stops working. */
  retireRefreshToken(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
  }

  authenticate(provider: ProviderName, accessToken: string | undefined): Authentication {
    if (!accessToken) return { ok: false, reason: 'missing' };
    const token = this.accessTokens.get(accessToken);
    if (!token || token.provider !== provider) return { ok: false, reason: 'invalid' };
    if (token.expiresAt <= this.clock()) return { ok: false, reason: 'expired' };
    return { ok: true, account: token.account, clientId: token.clientId, scopes: token.scopes };
  }

  /** Revoking either token of a grant revokes the whole grant, as Google's revoke endpoint does. */
  revokeToken(provider: ProviderName, token: string): boolean {
    const record = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
    if (!record || record.provider !== provider) return false;
    this.revokeWhere((t) => keyOf(t) === keyOf(record));
    return true;
  }

  /** The user removed the app's access: every token of the account stops working. */
  revokeAccount(provider: ProviderName, account: string): void {
    this.revokeWhere((t) => t.provider === provider && t.account === account);
  }

  /** Expires the access tokens already issued (all, or one provider's or account's), to force refreshes. */
  expireAccessTokens(filter: { provider?: ProviderName; account?: string } = {}): number {
    let n = 0;
    for (const t of this.accessTokens.values()) {
      if ((filter.provider && t.provider !== filter.provider) || (filter.account && t.account !== filter.account)) continue;
      t.expiresAt = Math.min(t.expiresAt, this.clock() - 1);
      n++;
    }
    return n;
  }

  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.grants.clear();
    this.accessTokenLifetimeSeconds = 3600;
  }

  private grantKey(g: GrantKey): GrantKey {
    return { provider: g.provider, account: g.account, clientId: g.clientId };
  }

  private revokeWhere(match: (t: GrantKey) => boolean): void {
    for (const [k, t] of this.refreshTokens) if (match(t)) this.refreshTokens.delete(k);
    for (const [k, t] of this.accessTokens) if (match(t)) this.accessTokens.delete(k);
    for (const k of this.grants.keys()) {
      const [provider, account, clientId] = k.split('\u0000') as [ProviderName, string, string];
      if (match({ provider, account, clientId })) this.grants.delete(k);
    }
  }

  /** Long demo runs keep refreshing: drop access tokens and codes expired for over a day. */
  private pruneExpired(): void {
    if (++this.issuedSincePrune < 1000) return;
    this.issuedSincePrune = 0;
    const cutoff = this.clock() - 86_400_000;
    for (const [k, t] of this.accessTokens) if (t.expiresAt < cutoff) this.accessTokens.delete(k);
    for (const [k, c] of this.codes) if (c.expiresAt < cutoff) this.codes.delete(k);
  }
}
