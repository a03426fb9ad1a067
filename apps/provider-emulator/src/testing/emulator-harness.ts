import type { INestApplication } from '@nestjs/common';
import { OAuth2Client, type CodeChallengeMethod, type Credentials } from 'google-auth-library';
import { people_v1 } from 'googleapis/build/src/apis/people/v1';
import { createHash, randomBytes } from 'node:crypto';
import { createEmulatorApp } from '../bootstrap';

/** Test support (not a spec): the emulator on a free port, driven by the official Google clients. */
export const CLIENT = { id: 'contact-sync-local', secret: 'contact-sync-local-secret' };
export const REDIRECT = 'http://127.0.0.1:1/oauth/callback';
export const CONTACTS_SCOPE = 'https://www.googleapis.com/auth/contacts';

/**
 * The clients' HTTP transport: Node's fetch. gaxios would otherwise `import('node-fetch')`
 * dynamically, which jest's CommonJS sandbox refuses without --experimental-vm-modules. Only the
 * transport changes; every request and response is still built and parsed by the real clients.
 */
const TRANSPORT = { transporterOptions: { fetchImplementation: fetch } };

export interface AuthorizeOptions {
  email: string;
  verifier?: string;
  /** What the client sends at the token endpoint (defaults to the verifier). */
  presentedVerifier?: string;
  scope?: string[];
  accessType?: 'online' | 'offline';
  prompt?: string;
}

/** Obtain one with `EmulatorHarness.forSuite()`, which registers its jest hooks. */
export class EmulatorHarness {
  private started?: { app: INestApplication; base: string };

  /**
   * One emulator for the enclosing describe block: started before its tests, closed after, reset
   * before each test; `afterReset` seeds what every test of the block needs.
   */
  static forSuite(afterReset?: (h: EmulatorHarness) => Promise<unknown>): EmulatorHarness {
    const h = new EmulatorHarness();
    beforeAll(() => h.start());
    afterAll(() => h.started?.app.close());
    beforeEach(async () => {
      await h.admin('POST', '/reset');
      await afterReset?.(h);
    });
    return h;
  }

  private async start(): Promise<void> {
    const app = await createEmulatorApp({
      logger: false,
      config: {
        google: { clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [] },
        microsoft: { clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [] },
      },
    });
    await app.listen(0, '127.0.0.1');
    this.started = { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  get app(): INestApplication {
    return this.running().app;
  }

  get base(): string {
    return this.running().base;
  }

  private running(): { app: INestApplication; base: string } {
    if (!this.started) throw new Error('the emulator harness is used before its beforeAll ran');
    return this.started;
  }

  async admin<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${this.base}/admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  oauthClient(prefix = ''): OAuth2Client {
    return new OAuth2Client({
      ...TRANSPORT,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUri: REDIRECT,
      endpoints: {
        oauth2AuthBaseUrl: `${this.base}${prefix}/o/oauth2/v2/auth`,
        oauth2TokenUrl: `${this.base}${prefix}/token`,
        oauth2RevokeUrl: `${this.base}${prefix}/revoke`,
      },
    });
  }

  /** Consent URL as accounts builds it (PKCE S256, offline, state), followed without a browser. */
  async consent(client: OAuth2Client, o: AuthorizeOptions): Promise<URL> {
    const verifier = o.verifier ?? randomBytes(32).toString('base64url');
    const url = client.generateAuthUrl({
      access_type: o.accessType ?? 'offline',
      scope: o.scope ?? [CONTACTS_SCOPE],
      state: 'st-123',
      login_hint: o.email,
      prompt: o.prompt,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256' as CodeChallengeMethod,
    });
    const res = await fetch(url, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
    return new URL(res.headers.get('location') as string);
  }

  /** The whole code flow with PKCE; returns the tokens google-auth-library got. */
  async authorize(o: AuthorizeOptions, client = this.oauthClient()): Promise<Credentials> {
    const verifier = o.verifier ?? randomBytes(32).toString('base64url');
    const back = await this.consent(client, { ...o, verifier });
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code in ${back}`);
    const { tokens } = await client.getToken({ code, codeVerifier: o.presentedVerifier ?? verifier });
    return tokens;
  }

  /** The generated People client as the ingest service builds it: only rootUrl changed. */
  people(auth: string | OAuth2Client): people_v1.People {
    let client = auth;
    if (typeof client === 'string') {
      const token = client;
      client = new OAuth2Client(TRANSPORT);
      client.setCredentials({ access_token: token });
    }
    return new people_v1.People({ rootUrl: `${this.base}/`, auth: client });
  }

  async listAll(api: people_v1.People, params: Omit<people_v1.Params$Resource$People$Connections$List, 'resourceName' | 'pageToken'>) {
    const persons: people_v1.Schema$Person[] = [];
    const pages: people_v1.Schema$ListConnectionsResponse[] = [];
    let pageToken: string | undefined;
    do {
      const res = await api.people.connections.list({ resourceName: 'people/me', ...params, pageToken }, { retry: false });
      pages.push(res.data);
      persons.push(...(res.data.connections ?? []));
      pageToken = res.data.nextPageToken ?? undefined;
    } while (pageToken);
    return { persons, pages, nextSyncToken: pages[pages.length - 1]?.nextSyncToken ?? undefined };
  }

  /** An account with an access token, ready for API calls. */
  async accountWithToken(email: string): Promise<{ api: people_v1.People; tokens: Credentials }> {
    await this.admin('POST', '/google/accounts', { email });
    const tokens = await this.authorize({ email });
    return { api: this.people(tokens.access_token as string), tokens };
  }
}

/** The rejection of a promise, for asserting on GaxiosError fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
