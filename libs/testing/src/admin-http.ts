import { httpJson } from './http-json';

/** An injected API fault (POST /admin/faults); `retryAfterSeconds: null` sends no Retry-After. */
export interface EmulatorFault {
  status: 401 | 403 | 429 | 500 | 503;
  count: number;
  /** Matching calls that succeed before the first failure: a fault that strikes mid-pass. */
  afterCalls?: number;
  retryAfterSeconds?: number | null;
  /** 403 only: quota (rate limit), scope (missing scope), denied (permission denied). Default scope. */
  reason?: 'quota' | 'scope' | 'denied';
  account?: string;
  operation?: string;
}

/** A fault not yet used up, as GET /admin/faults lists it. */
export interface PendingFault extends EmulatorFault {
  id: string;
  provider?: 'google' | 'microsoft';
  passing: number;
  remaining: number;
}

/** The emulator's admin API over HTTP; throws on an unexpected status so tests fail loudly. */
export abstract class AdminHttp {
  /** The provider whose API calls this client's faults strike. */
  protected abstract readonly provider: 'google' | 'microsoft';

  constructor(private readonly baseUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown, expected = [200, 201, 204]): Promise<T> {
    const res = await httpJson<T>(method, `${this.baseUrl}/admin${path}`, body);
    if (!expected.includes(res.status)) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The next `count` API calls of this provider (of the account, or everyone's) fail like this. */
  fault(fault: EmulatorFault): Promise<void> {
    return this.call('POST', '/faults', { ...fault, provider: this.provider });
  }

  /** Faults of this provider (and account) not used up yet: a test checks its fault really struck. */
  async pendingFaults(email?: string): Promise<PendingFault[]> {
    const { faults } = await this.call<{ faults: PendingFault[] }>('GET', '/faults');
    return faults.filter((f) => f.provider === this.provider && (!email || !f.account || f.account === email.toLowerCase()));
  }

  /** Clears every pending fault, of both providers. */
  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults');
  }

  /** The account's change sequence now: every create, edit and delete at the provider moves it. */
  async changeSeq(email: string): Promise<number> {
    return (await this.call<{ seq: number }>('GET', `/changes?provider=${this.provider}&account=${encodeURIComponent(email)}`)).seq;
  }

  /** Waits (at the emulator, no polling) until the account's change sequence is above `after`; its value then, or `after` once `timeoutMs` passed. */
  async nextChange(email: string, after: number, timeoutMs = 10_000): Promise<number> {
    return (await this.call<{ seq: number }>('GET', `/changes?provider=${this.provider}&account=${encodeURIComponent(email)}&after=${after}&timeoutMs=${timeoutMs}`)).seq;
  }

  /** API calls made so far (shared counters): all, or of one account and operation. */
  async requestCount(email?: string, operation?: string): Promise<number> {
    const snap = await this.call<{ total: number; byOperation: Record<string, number> }>('GET', `/requests${email ? `?account=${encodeURIComponent(email)}` : ''}`);
    return operation ? (snap.byOperation[operation] ?? 0) : snap.total;
  }
}
