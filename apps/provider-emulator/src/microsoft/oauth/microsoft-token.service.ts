import { Inject, Injectable } from '@nestjs/common';
import { EMULATOR_CONFIG, type EmulatorConfig } from '../../core/emulator-config';
import { pkceMatches } from '../../core/pkce';
import { RequestCounter } from '../../core/request-counter';
import { TokenIssuer, type IssuedTokens, type RefreshGrant } from '../../core/token-issuer';
import { TokenOutage } from '../../core/token-outage';
import { userIdOf } from '../microsoft-store';
import { aadError, missingParameter, type TokenResponse } from './aad-error';

/** Opaque tokens shaped like the identity platform's (clients must not parse them). */
const TOKEN_PREFIXES = { accessPrefix: 'EwBwA8l6BAAU', refreshPrefix: 'M.C5_BAY.0.U.' };
/** The tenant of personal Microsoft accounts: what `tid` says for Outlook.com users. */
const CONSUMERS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An OpenID Connect ID token, unsigned (`alg: none`): the emulator has no keys to publish. */
function idToken(grant: RefreshGrant, lifetime: number): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    ver: '2.0',
    iss: `https://login.microsoftonline.com/${CONSUMERS_TENANT}/v2.0`,
    sub: userIdOf(`sub:${grant.account}:${grant.clientId}`).replace(/-/g, ''),
    aud: grant.clientId,
    exp: now + lifetime,
    iat: now,
    nbf: now,
    name: grant.account.split('@')[0],
    preferred_username: grant.account,
    ...(grant.scopes.includes('email') ? { email: grant.account } : {}),
    oid: userIdOf(grant.account),
    tid: CONSUMERS_TENANT,
  };
  return `${b64({ typ: 'JWT', alg: 'none' })}.${b64(claims)}.`;
}

function success(t: IssuedTokens, grant: RefreshGrant): TokenResponse {
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      // offline_access decides whether a refresh token comes; it is not a permission of the token.
      scope: t.scopes.filter((s) => s !== 'offline_access').join(' '),
      expires_in: t.expiresIn,
      ext_expires_in: t.expiresIn,
      access_token: t.accessToken,
      ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
      ...(grant.scopes.includes('openid') ? { id_token: idToken(grant, t.expiresIn) } : {}),
    },
  };
}

/**
 * The identity platform's token endpoint (`/{tenant}/oauth2/v2.0/token`): authorization_code with
 * PKCE and refresh_token grants for a confidential client, with AADSTS errors.
 */
@Injectable()
export class MicrosoftTokenService {
  constructor(
    @Inject(EMULATOR_CONFIG) private readonly config: EmulatorConfig,
    private readonly tokens: TokenIssuer,
    private readonly counter: RequestCounter,
    private readonly outage: TokenOutage,
  ) {}

  token(body: Record<string, unknown>, authorization: string | undefined): TokenResponse {
    const down = this.outage.take('microsoft');
    if (down !== null) return aadError(down, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.');
    const p = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    // Client credentials in the body (client_secret_post) or in HTTP Basic (client_secret_basic).
    const basic = authorization?.match(/^Basic\s+(\S+)$/i)?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
    const clientId = p('client_id') ?? basicId;
    const clientSecret = p('client_secret') ?? basicSecret;
    if (!clientId) return missingParameter('client_id');
    const app = this.config.microsoft;
    if (clientId !== app.clientId) return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory.`);
    if (!clientSecret) return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (clientSecret !== app.clientSecret) {
      return aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }

    const grantType = p('grant_type');
    if (!grantType) return missingParameter('grant_type');
    if (grantType === 'authorization_code') return this.codeGrant(clientId, p('code'), p('redirect_uri'), p('code_verifier'));
    if (grantType === 'refresh_token') return this.refreshGrant(clientId, p('refresh_token'));
    return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }

  private codeGrant(clientId: string, code: string | undefined, redirectUri: string | undefined, verifier: string | undefined): TokenResponse {
    if (!code) return missingParameter('code');
    const redeemed = this.tokens.redeemCode(code);
    if (!redeemed.ok || redeemed.code.provider !== 'microsoft') {
      if (redeemed.ok || redeemed.reason === 'unknown') return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      if (redeemed.reason === 'used') return aadError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
      return aadError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    }
    const grant = redeemed.code;
    this.counter.record('microsoft', grant.account, 'oauth.token');
    if (grant.clientId !== clientId) return aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    if (redirectUri !== grant.redirectUri) {
      return aadError(400, 'invalid_grant', 70000, "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.");
    }
    if (!verifier) return missingParameter('code_verifier');
    if (!grant.pkce || !pkceMatches(grant.pkce, verifier)) return aadError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    return success(this.tokens.issueTokens(grant, { withRefreshToken: grant.withRefreshToken, ...TOKEN_PREFIXES }), grant);
  }

  /**
   * Every refresh returns a new refresh token as well ("Refresh tokens replace themselves with a
   * fresh token upon every use"). The old one is not revoked — "The Microsoft identity platform
   * doesn't revoke old refresh tokens when used to fetch new access tokens" (refresh-tokens page) —
   * so it keeps working until the grant is revoked.
   */
  private refreshGrant(clientId: string, refreshToken: string | undefined): TokenResponse {
    if (!refreshToken) return missingParameter('refresh_token');
    const grant = this.tokens.refreshGrant(refreshToken);
    if (!grant || grant.provider !== 'microsoft') return aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    this.counter.record('microsoft', grant.account, 'oauth.token');
    if (grant.clientId !== clientId) return aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    return success(this.tokens.issueTokens(grant, { withRefreshToken: true, ...TOKEN_PREFIXES }), grant);
  }
}
