import { Inject, Injectable } from '@nestjs/common';
import { ConsentScript } from '../../core/consent-script';
import { EMULATOR_CONFIG, type EmulatorConfig } from '../../core/emulator-config';
import { isPkceValue } from '../../core/pkce';
import { accountKey } from '../../core/provider';
import { TokenIssuer } from '../../core/token-issuer';
import { first } from '../../google/api/query-params';
import { MicrosoftStore } from '../microsoft-store';
import { aadDescription } from './aad-error';
import { graphPermission, parseScopes } from './microsoft-scopes';

export type AuthorizeOutcome =
  | { kind: 'page'; status: number; error: string; description: string }
  | { kind: 'redirect'; location: string };

const page = (status: number, error: string, code: number, message: string): AuthorizeOutcome => ({ kind: 'page', status, error, description: aadDescription(code, message) });
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function redirectTo(redirectUri: string, params: Record<string, string | undefined>): AuthorizeOutcome {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { kind: 'redirect', location: url.toString() };
}

/**
 * The identity platform's authorize endpoint (`/{tenant}/oauth2/v2.0/authorize`) with the user's
 * sign-in and consent automated. An unknown app or an unregistered redirect URI gets an error page
 * (the redirect URI cannot be trusted); other problems come back to the redirect URI as
 * `error` + `error_description`, as the identity platform sends them.
 */
@Injectable()
export class MicrosoftAuthorizationService {
  constructor(
    @Inject(EMULATOR_CONFIG) private readonly config: EmulatorConfig,
    private readonly tokens: TokenIssuer,
    private readonly store: MicrosoftStore,
    private readonly consent: ConsentScript,
  ) {}

  authorize(query: Record<string, unknown>): AuthorizeOutcome {
    const p = (name: string) => first(query[name]);
    const clientId = p('client_id');
    if (!clientId) return page(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== this.config.microsoft.clientId) {
      return page(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
    }
    const redirectUri = p('redirect_uri');
    if (!redirectUri || !this.redirectAllowed(redirectUri)) {
      return page(400, 'invalid_request', 50011, `The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }

    const state = p('state');
    const fail = (error: string, code: number, message: string) => redirectTo(redirectUri, { error, error_description: aadDescription(code, message), state });
    const responseType = p('response_type');
    if (!responseType) return fail('invalid_request', 900144, "The request body must contain the following parameter: 'response_type'.");
    if (responseType !== 'code') return fail('unsupported_response_type', 70005, `response_type '${responseType}' is not enabled for the application (the emulator implements the code flow only).`);
    const scope = p('scope');
    if (!scope) return fail('invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
    const challenge = p('code_challenge');
    if (!challenge) return fail('invalid_request', 900144, "The request body must contain the following parameter: 'code_challenge'. (The emulator requires PKCE with S256.)");
    if (p('code_challenge_method') !== 'S256') return fail('invalid_request', 900144, "The emulator requires code_challenge_method 'S256'.");
    if (!isPkceValue(challenge)) return fail('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
    const prompt = p('prompt');
    if (prompt && !['none', 'login', 'consent', 'select_account'].includes(prompt)) return fail('invalid_request', 90023, `Invalid prompt value '${prompt}'.`);

    const loginHint = p('login_hint');
    if (!loginHint || !EMAIL.test(loginHint)) {
      return page(400, 'invalid_request', 900144, 'login_hint must be the e-mail address of the account: the emulator has no sign-in page (any address works, the account is created on first use).');
    }
    const account = accountKey(loginHint);
    this.store.ensure(account);
    const grant = { provider: 'microsoft' as const, account, clientId };
    let scopes = parseScopes(scope);
    if (prompt === 'none' && !scopes.filter((s) => graphPermission(s)).every((s) => this.tokens.grantedScopes(grant).includes(s))) {
      return fail('consent_required', 65001, `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`);
    }
    const decision = this.consent.take('microsoft', account);
    if (decision?.deny) return redirectTo(redirectUri, { error: 'access_denied', error_subcode: 'cancel', error_description: aadDescription(65004, 'User declined to consent to access the app.'), state });
    if (decision?.grantOnly) scopes = scopes.filter((s) => decision.grantOnly?.includes(s));

    const code = this.tokens.issueCode(
      { ...grant, redirectUri, scopes, pkce: { challenge, method: 'S256' }, withRefreshToken: scopes.includes('offline_access') },
      '0.ARcA',
    );
    return redirectTo(redirectUri, { code, state });
  }

  private redirectAllowed(uri: string): boolean {
    const registered = this.config.microsoft.redirectUris;
    if (registered.length) return registered.includes(uri);
    try {
      const url = new URL(uri);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hash;
    } catch {
      return false;
    }
  }
}
