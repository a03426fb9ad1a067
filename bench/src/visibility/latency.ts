import type { CrmUser } from '@contact-sync/testing';

export interface ListPage {
  items: { id: string }[];
  nextCursor: string | null;
  total: number;
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

export interface LatencySummary {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0] ?? NaN),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

/** One request through the contacts service over HTTP, timed from the client (token, JSON and all). */
export async function timedPage(user: CrmUser, path: string): Promise<{ ms: number; page: ListPage }> {
  const t0 = performance.now();
  const page = await user.expectOk<ListPage>(user.contacts('GET', path));
  return { ms: performance.now() - t0, page };
}

/**
 * `warmUp` untimed requests, then up to `n` sequential timed ones, stopping early once `budgetMs`
 * of timed requests have passed (FerretDB answers this query slowly); every answer must give the same total.
 */
export async function measureList(
  user: CrmUser,
  path: string,
  opts: { warmUp: number; n: number; budgetMs: number },
): Promise<{ samples: number[]; total: number; items: number; budgetReached: boolean }> {
  let first: ListPage | null = null;
  for (let i = 0; i < opts.warmUp; i++) first = (await timedPage(user, path)).page;
  const samples: number[] = [];
  const t0 = performance.now();
  let budgetReached = false;
  for (let i = 0; i < opts.n; i++) {
    if (performance.now() - t0 > opts.budgetMs) {
      budgetReached = true;
      break;
    }
    const { ms, page } = await timedPage(user, path);
    samples.push(ms);
    first ??= page;
    if (page.total !== first.total) throw new Error(`${user.userId}: total changed between requests (${first.total} → ${page.total})`);
  }
  if (!first) throw new Error('no request made');
  return { samples, total: first.total, items: first.items.length, budgetReached };
}

/** A cursor walk: `pages` pages of `limit`, each after the previous page's nextCursor; checks the order. */
export async function cursorWalk(user: CrmUser, limit: number, pages: number): Promise<{ samples: number[]; persons: number }> {
  const samples: number[] = [];
  let after: string | null = null;
  let last = '';
  let persons = 0;
  for (let i = 0; i < pages; i++) {
    const { ms, page }: { ms: number; page: ListPage } = await timedPage(user, `/persons?limit=${limit}${after ? `&after=${after}` : ''}`);
    samples.push(ms);
    for (const item of page.items) {
      if (item.id <= last) throw new Error(`cursor walk out of order: ${item.id} after ${last}`);
      last = item.id;
    }
    persons += page.items.length;
    after = page.nextCursor;
    if (!after) break;
  }
  return { samples, persons };
}
