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
