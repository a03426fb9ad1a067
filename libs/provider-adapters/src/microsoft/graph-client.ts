import { Client, HTTPMessageHandler, RedirectHandler, TelemetryHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';

/**
 * Sends the access token only to the configured Graph origin (http or https). The Graph client's own
 * AuthenticationHandler would drop it for any `http://` URL (it only recognises `https://` hosts),
 * which is what the local emulator serves.
 */
class GraphBearerMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly origin: string,
    private readonly accessToken: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = (context.options ??= {});
    const headers = (options.headers ??= {}) as Record<string, string> | Headers;
    const sameOrigin = new URL(url).origin === this.origin;
    preferImmutableIds(headers);
    if (headers instanceof Headers) {
      if (sameOrigin) headers.set('Authorization', `Bearer ${this.accessToken}`);
      else headers.delete('Authorization');
    } else if (sameOrigin) {
      headers['Authorization'] = `Bearer ${this.accessToken}`;
    } else {
      delete headers['Authorization'];
    }
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Every request asks for immutable ids: Outlook gives a contact a new regular id when it moves to
 * another folder, and the sync must keep following the same contact (and person) across a move.
 */
const IMMUTABLE_IDS = 'IdType="ImmutableId"';

function preferImmutableIds(headers: Record<string, string> | Headers): void {
  const current = headers instanceof Headers ? headers.get('Prefer') : (headers['Prefer'] ?? headers['prefer']);
  if (current && /IdType\s*=/i.test(current)) return;
  const value = current ? `${current}, ${IMMUTABLE_IDS}` : IMMUTABLE_IDS;
  if (headers instanceof Headers) headers.set('Prefer', value);
  else {
    delete headers['prefer'];
    headers['Prefer'] = value;
  }
}

/** A Graph client for one access token on the configured base (the emulator's or graph.microsoft.com). */
export function graphClient(base: URL, accessToken: string): Client {
  return Client.initWithMiddleware({
    baseUrl: base.href,
    defaultVersion: 'v1.0',
    // Host names only (the client's own rule); used by its telemetry handler. The token itself is
    // attached by GraphBearerMiddleware, for the configured origin only.
    customHosts: new Set([base.hostname]),
    // The client's default chain minus its RetryHandler: our callers own retries and honour
    // Retry-After and their own state (the Google driver passes `retry: false` for the same reason).
    middleware: [new GraphBearerMiddleware(base.origin, accessToken), new RedirectHandler(), new TelemetryHandler(), new HTTPMessageHandler()],
  });
}
