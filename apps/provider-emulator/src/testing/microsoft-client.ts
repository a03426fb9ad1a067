import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { createHash, randomBytes } from 'node:crypto';
import { CLIENT, REDIRECT, type EmulatorHarness } from './emulator-harness';

/** Test support (not a spec): the Microsoft side of the emulator, driven by the real Graph client. */
export const MS_SCOPES = ['openid', 'email', 'offline_access', 'https://graph.microsoft.com/Contacts.Read'];

export interface MsTokens {
  token_type: string;
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export interface MsAuthorizeOptions {
  email: string;
  scope?: string[];
  verifier?: string;
  /** What the client sends at the token endpoint (defaults to the verifier). */
  presentedVerifier?: string;
  tenant?: string;
}

/**
 * Adds the bearer token. The Graph client's own AuthenticationHandler only authenticates `https://`
 * URLs of Graph or of `customHosts` (GraphRequestUtil.isValidEndpoint looks for "https://") and
 * strips Authorization otherwise, so against the emulator's http:// root a client puts its own
 * middleware in front of HTTPMessageHandler — everything else is the real client.
 */
class BearerMiddleware implements Middleware {
  private next?: Middleware;
  constructor(private readonly token: string) {}
  async execute(context: Context): Promise<void> {
    context.options = { ...context.options, headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${this.token}` } };
    await this.next?.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

export class MicrosoftTestClient {
  constructor(private readonly h: EmulatorHarness) {}

  /** The Graph client as a sync service builds it: only the base URL differs from production. */
  graph(accessToken: string): Client {
    const bearer = new BearerMiddleware(accessToken);
    bearer.setNext(new HTTPMessageHandler());
    return Client.initWithMiddleware({ baseUrl: this.h.base, defaultVersion: 'v1.0', middleware: bearer });
  }

  /**
   * What to give `client.api()` for an @odata.nextLink / @odata.deltaLink. The client strips the
   * origin and version only from `https://` URLs (GraphRequest.parsePath); the emulator's links are
   * http://, so the path after `/v1.0` is passed instead.
   */
  static pathOf(link: string): string {
    const url = new URL(link);
    return `${url.pathname.replace(/^\/v1\.0/, '')}${url.search}`;
  }

  /** The authorize redirect, followed without a browser. */
  async consent(o: MsAuthorizeOptions & { verifier: string; extra?: Record<string, string> }): Promise<URL> {
    const params = new URLSearchParams({
      client_id: CLIENT.id,
      response_type: 'code',
      redirect_uri: REDIRECT,
      response_mode: 'query',
      scope: (o.scope ?? MS_SCOPES).join(' '),
      state: 'st-ms',
      login_hint: o.email,
      code_challenge: createHash('sha256').update(o.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...o.extra,
    });
    const res = await fetch(`${this.h.base}/${o.tenant ?? 'common'}/oauth2/v2.0/authorize?${params}`, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
    return new URL(res.headers.get('location') as string);
  }

  async token(form: Record<string, string>, tenant = 'common'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${this.h.base}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT.id, client_secret: CLIENT.secret, ...form }),
    });
    return { status: res.status, body: await res.json() };
  }

  /** The code flow with PKCE; returns the token response, or throws with the error body. */
  async authorize(o: MsAuthorizeOptions): Promise<MsTokens> {
    const verifier = o.verifier ?? randomBytes(32).toString('base64url');
    const back = await this.consent({ ...o, verifier });
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code in ${back}`);
    const res = await this.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: o.presentedVerifier ?? verifier }, o.tenant);
    if (res.status !== 200) throw Object.assign(new Error(`token endpoint answered ${res.status}`), res);
    return res.body;
  }

  async accountWithToken(email: string, scope?: string[]): Promise<{ graph: Client; tokens: MsTokens }> {
    await this.h.admin('POST', '/microsoft/accounts', { email });
    const tokens = await this.authorize({ email, scope });
    return { graph: this.graph(tokens.access_token), tokens };
  }

  /** One delta round from `start` (a path or a saved deltaLink), following nextLinks to the deltaLink. */
  async deltaRound(graph: Client, start: string, maxPageSize?: number) {
    const pages: { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }[] = [];
    let path: string | undefined = start.startsWith('http') ? MicrosoftTestClient.pathOf(start) : start;
    while (path) {
      let request = graph.api(path);
      if (maxPageSize) request = request.header('Prefer', `odata.maxpagesize=${maxPageSize}`);
      const page = await request.get();
      pages.push(page);
      path = page['@odata.nextLink'] ? MicrosoftTestClient.pathOf(page['@odata.nextLink']) : undefined;
    }
    const last = pages[pages.length - 1];
    return { items: pages.flatMap((p) => p.value), pages, deltaLink: last?.['@odata.deltaLink'] as string };
  }
}
