import { signActorToken, type ActorTokenSigning } from './actor-token';
import { httpJson, type JsonResponse } from './http-json';

export interface PersonView {
  id: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  emails: { value: string; label?: string; primary?: boolean }[];
  phones: { value: string; label?: string; primary?: boolean }[];
  address: Record<string, string> | null;
  organization: { id: string; name: string } | null;
  customFields: Record<string, unknown>;
  /** A reference to the stored bytes and where contacts serves them (never the bytes). */
  photo: { hash: string; contentType: string; byteLength: number; url: string } | null;
  ownerUserId: string;
  visibility: string;
}

export interface AccountView {
  id: string;
  provider: string;
  email: string;
  status: string;
  syncStatus: string;
  dashboard: Record<string, unknown>;
}

/** Lifetime of the tokens a CrmUser mints; a fresh one is signed before the current one runs out. */
const TOKEN_TTL_SECONDS = 3600;

/**
 * A CRM user driving the public APIs the way the CRM front end would, including the browser's part
 * of the OAuth redirect dance. Every call carries an acting-user token signed with the stack's
 * ACTOR_JWT_SECRET (LocalStack `actorJwtSecret`), or by a signer standing for the CRM's own.
 */
export class CrmUser {
  private token = '';
  private tokenExpiresAt = 0;

  constructor(
    readonly userId: string,
    readonly companyId: string,
    private readonly urls: { accounts: string; contacts: string },
    private readonly signing: ActorTokenSigning,
  ) {}

  /** The current bearer token (e.g. for calls made outside this class). */
  get actorToken(): string {
    if (Date.now() > this.tokenExpiresAt - 60_000) {
      const actor = { userId: this.userId, companyId: this.companyId };
      this.token = typeof this.signing === 'string' ? signActorToken(actor, this.signing, TOKEN_TTL_SECONDS) : this.signing(actor, TOKEN_TTL_SECONDS);
      this.tokenExpiresAt = Date.now() + TOKEN_TTL_SECONDS * 1000;
    }
    return this.token;
  }

  private get headers() {
    return { authorization: `Bearer ${this.actorToken}` };
  }

  accounts<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return httpJson<T>(method, `${this.urls.accounts}${path}`, body, this.headers);
  }

  contacts<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return httpJson<T>(method, `${this.urls.contacts}${path}`, body, this.headers);
  }

  /** Connect flow end to end: authorization URL → provider consent (auto) → our callback. */
  async connect(provider: 'google' | 'microsoft', email: string): Promise<AccountView> {
    const started = await this.accounts<{ accountId: string; authorizationUrl: string }>('POST', '/accounts/connections', { provider, email });
    if (started.status !== 201) throw new Error(`connect failed: ${started.status} ${JSON.stringify(started.body)}`);
    const consent = await fetch(started.body.authorizationUrl, { redirect: 'manual' });
    const location = consent.headers.get('location');
    if (consent.status !== 302 || !location) throw new Error(`provider consent did not redirect: ${consent.status} ${await consent.text()}`);
    const callback = await httpJson<AccountView>('GET', location);
    if (callback.status !== 200) throw new Error(`callback failed: ${callback.status} ${JSON.stringify(callback.body)}`);
    return callback.body;
  }

  async expectOk<T>(response: Promise<JsonResponse<T>>, status = 200): Promise<T> {
    const res = await response;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Every person the user sees, all pages. */
  async allPersons(): Promise<PersonView[]> {
    const persons: PersonView[] = [];
    let after: string | null = null;
    do {
      const page: { items: PersonView[]; nextCursor: string | null } = await this.expectOk(
        this.contacts('GET', `/persons?limit=1000${after ? `&after=${after}` : ''}`),
      );
      persons.push(...page.items);
      after = page.nextCursor;
    } while (after);
    return persons;
  }
}
