import { Inject, Injectable } from '@nestjs/common';
import { ConsentScript } from '../../core/consent-script';
import { EMULATOR_CONFIG, type EmulatorConfig } from '../../core/emulator-config';
import { isPkceValue, type PkceChallenge } from '../../core/pkce';
import { accountKey } from '../../core/provider';
import { TokenIssuer } from '../../core/token-issuer';
import { first } from '../api/query-params';
import { GoogleStore } from '../google-store';
import { parseScopes } from './google-scopes';

export type AuthorizeOutcome =
  | { kind: 'page'; status: number; error: string; description: string }
  | { kind: 'redirect'; location: string };

const page = (status: number, error: string, description: string): AuthorizeOutcome => ({ kind: 'page', status, error, description });
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function redirectTo(redirectUri: string, params: Record<string, string | undefined>): AuthorizeOutcome {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { kind: 'redirect', location: url.toString() };
}

/**
 * Google's consent endpoint with the user's approval automated. Malformed requests get an error
 * page (Google does not redirect those: the redirect URI may not be trusted yet); a refused
 * consent or an impossible prompt=none comes back to the redirect URI with `error=`.
 */
@Injectable()
export class GoogleAuthorizationService {
  constructor(
    @Inject(EMULATOR_CONFIG) private readonly config: EmulatorConfig,
    private readonly tokens: TokenIssuer,
    private readonly store: GoogleStore,
    private readonly consent: ConsentScript,
  ) {}

  authorize(query: Record<string, unknown>): AuthorizeOutcome {
    const p = (name: string) => first(query[name]);
    const client = this.config.google;
    const clientId = p('client_id');
    if (!clientId) return page(400, 'invalid_request', 'Missing required parameter: client_id');
    if (clientId !== client.clientId) return page(401, 'invalid_client', 'The OAuth client was not found.');

    const redirectUri = p('redirect_uri');
    if (!redirectUri) return page(400, 'invalid_request', 'Missing required parameter: redirect_uri');
    if (!this.redirectAllowed(redirectUri)) {
      return page(400, 'redirect_uri_mismatch', `The redirect URI in the request, ${redirectUri}, does not match the ones authorized for the OAuth client.`);
    }

    const responseType = p('response_type');
    if (!responseType) return page(400, 'invalid_request', 'Missing required parameter: response_type');
    if (responseType !== 'code') return page(400, 'unsupported_response_type', `Unsupported response_type: ${responseType} (the emulator implements the code flow only)`);
    const scope = p('scope');
    if (!scope) return page(400, 'invalid_request', 'Missing required parameter: scope');
    const accessType = p('access_type') ?? 'online';
    if (accessType !== 'online' && accessType !== 'offline') return page(400, 'invalid_request', `Invalid access_type: ${accessType}`);
    const prompts = (p('prompt') ?? '').split(' ').filter(Boolean);
    const badPrompt = prompts.find((v) => !['none', 'consent', 'select_account'].includes(v));
    if (badPrompt) return page(400, 'invalid_request', `Invalid prompt: ${badPrompt}`);
    if (prompts.includes('none') && prompts.length > 1) return page(400, 'invalid_request', 'prompt=none cannot be combined with other values');

    const pkce = this.pkce(p('code_challenge'), p('code_challenge_method'));
    if (pkce && 'error' in pkce) return page(400, 'invalid_request', pkce.error);

    const loginHint = p('login_hint');
    if (!loginHint || !EMAIL.test(loginHint)) {
      return page(400, 'invalid_request', 'login_hint must be the e-mail address of the account: the emulator has no account chooser (any address works, the account is created on first use).');
    }

    const state = p('state');
    const account = accountKey(loginHint);
    this.store.ensure(account);
    const grant = { provider: 'google' as const, account, clientId };
    const previously = this.tokens.grantedScopes(grant);
    let scopes = parseScopes(scope);
    if (p('include_granted_scopes') === 'true') scopes = [...new Set([...previously, ...scopes])];

    if (prompts.includes('none') && !scopes.every((s) => previously.includes(s))) {
      return redirectTo(redirectUri, { state, error: 'consent_required' });
    }
    const decision = this.consent.take('google', account);
    if (decision?.deny) return redirectTo(redirectUri, { state, error: 'access_denied' });
    if (decision?.grantOnly) scopes = scopes.filter((s) => decision.grantOnly?.includes(s));

    const code = this.tokens.issueCode(
      {
        ...grant,
        redirectUri,
        scopes,
        pkce,
        // Google returns a refresh token for offline access when the app holds none yet, or on a forced consent.
        withRefreshToken: accessType === 'offline' && (!this.tokens.hasRefreshToken(grant) || prompts.includes('consent')),
      },
      '4/0A',
    );
    return redirectTo(redirectUri, { state, code, scope: scopes.join(' '), authuser: '0', prompt: prompts.includes('none') ? 'none' : 'consent' });
  }

  private redirectAllowed(uri: string): boolean {
    const registered = this.config.google.redirectUris;
    if (registered.length) return registered.includes(uri);
    try {
      const url = new URL(uri);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hash;
    } catch {
      return false;
    }
  }

  private pkce(challenge: string | undefined, method: string | undefined): PkceChallenge | undefined | { error: string } {
    if (!challenge) return method ? { error: 'Missing required parameter: code_challenge' } : undefined;
    const m = method ?? 'plain';
    if (m !== 'S256' && m !== 'plain') return { error: `Invalid code_challenge_method: ${m}` };
    if (!isPkceValue(challenge)) return { error: 'Invalid code_challenge: 43 to 128 characters of [A-Za-z0-9-._~] expected' };
    return { challenge, method: m };
  }
}
