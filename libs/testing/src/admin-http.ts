import { httpJson } from './http-json';

/** The emulator's admin API over HTTP; throws on an unexpected status so tests fail loudly. */
export class AdminHttp {
  constructor(private readonly baseUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown, expected = [200, 201, 204]): Promise<T> {
    const res = await httpJson<T>(method, `${this.baseUrl}/admin${path}`, body);
    if (!expected.includes(res.status)) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  injectFault(fault: { status: 429 | 500 | 503; count: number; retryAfterSeconds?: number; account?: string }): Promise<void> {
    return this.call('POST', '/faults', fault);
  }

  /** API calls made so far (shared counters): all, or of one account and operation. */
  async requestCount(email?: string, operation?: string): Promise<number> {
    const snap = await this.call<{ total: number; byOperation: Record<string, number> }>('GET', `/requests${email ? `?account=${encodeURIComponent(email)}` : ''}`);
    return operation ? (snap.byOperation[operation] ?? 0) : snap.total;
  }
}
