import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrmUser, DirectoryAdmin, eventually, requireInfraEnv, startLocalStack, WORKSPACE_ROOT } from '@contact-sync/testing';
import { ADMIN_USER_ID, buildRoles, buildUsers, DEEP_ROLE, relations, ROLE_DEPTH, sees, TOP_ROLE, type UserSpec } from './company-model';
import { cursorWalk, measureList, summarize, type LatencySummary } from './latency';
import type { ExplainSummary } from '@contact-sync/platform';
import { measureFloor, type FloorResult } from './floor';
import { fetchPlan, formatBranches, formatIndexes, missingVisibilityIndexes, type PersonListPlan } from './plan-evidence';
import { seedDirectory, seedPersons } from './seed';

/**
 * Visibility read benchmark: one enterprise company with a deep role tree, a few hundred users and
 * BENCH_VISIBILITY_PERSONS (default 100,000) persons; `GET /persons?limit=100` through the contacts
 * service with each reader's JWT (p50/p95 of BENCH_VISIBILITY_REQUESTS sequential requests), the
 * visible total checked against the rules computed here, and the diagnostics endpoint's plan as
 * evidence of how the query is served.
 */
const N = Number(process.env.BENCH_VISIBILITY_PERSONS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_VISIBILITY_REQUESTS ?? 40);
/** Timed requests per reader stop after this many seconds even if fewer than REQUESTS were made. */
const BUDGET_S = Number(process.env.BENCH_VISIBILITY_BUDGET_S ?? 300);
const WARM_UP = 1;
const LIMIT = 100;
const WALK_PAGES = 5;
const COMPANY_ID = 'bench-visibility-co';

export interface VisibilityReaderResult {
  reader: string;
  userId: string;
  roleId: string | null;
  roleLevel: number | null;
  branches: number;
  visibleTotal: number;
  expectedTotal: number;
  latency: LatencySummary;
  /** The same queries straight to the database with the driver (page, count, both at once). */
  floor: FloorResult;
  /** Service / floor (both at once), at p50 and p95. */
  ratio: { p50: number; p95: number };
  /** Fewer than BENCH_VISIBILITY_REQUESTS requests: the time budget ran out. */
  budgetReached: boolean;
}

export interface VisibilityResult {
  persons: number;
  roles: number;
  roleDepth: number;
  users: number;
  limit: number;
  requestsPerReader: number;
  budgetSeconds: number;
  seedPersonsMs: number;
  readers: VisibilityReaderResult[];
  cursorWalk: { reader: string; pages: number; persons: number; pageMs: number[]; p50Ms: number };
  evidence: { indexes: unknown[]; query: ExplainSummary; branches: { branch: string; plan: ExplainSummary }[]; admin: ExplainSummary };
}

const fmtMs = (ms: number) => `${ms >= 100 ? Math.round(ms) : ms.toFixed(1)} ms`;
const fmtInt = (n: number) => n.toLocaleString('en-US');
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function runVisibilityBench(): Promise<VisibilityResult> {
  const infra = requireInfraEnv();
  const stack = await startLocalStack({ env: { ingest: { SYNC_INTERVAL_MS: String(3_600_000) } } });
  try {
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    const roles = buildRoles();
    const users = buildUsers(roles);
    const levelOf = new Map(roles.map((r) => [r.roleId, r.level]));
    process.stderr.write(`visibility: directory (${roles.length} roles, ${users.length} users)...\n`);
    await seedDirectory(directory, COMPANY_ID, roles, users);

    const plan = (userId: string) => fetchPlan(stack.contactsUrl, stack.internal.keys.operator, COMPANY_ID, userId);
    // The service builds its indexes at start; measure only once they exist (on an empty collection first, then filled).
    const waitForIndexes = () =>
      eventually(
        async () => {
          const missing = missingVisibilityIndexes((await plan(ADMIN_USER_ID)).indexes);
          if (missing.length) throw new Error(`persons indexes not built yet: ${missing.map((k) => k.join(',')).join(' | ')}`);
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
    await waitForIndexes();

    process.stderr.write(`visibility: inserting ${N} persons...\n`);
    const { persons, ms: seedPersonsMs } = await seedPersons(infra.mongoUri, `${stack.namespace}_contacts`, COMPANY_ID, users, N);
    await waitForIndexes();

    const firstWith = (pred: (u: UserSpec) => boolean): UserSpec => {
      const u = users.find(pred);
      if (!u) throw new Error('no such user in the benchmark company');
      return u;
    };
    const readers: [string, UserSpec][] = [
      ['deep in the tree', firstWith((u) => u.roleId === DEEP_ROLE)],
      ['near the top', firstWith((u) => u.roleId === TOP_ROLE)],
      ['no role', firstWith((u) => u.roleId === null && !u.globalAdmin)],
      ['global admin', firstWith((u) => u.globalAdmin)],
    ];
    const crmUser = (u: UserSpec) => new CrmUser(u.userId, COMPANY_ID, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);

    const results: VisibilityReaderResult[] = [];
    const plans = new Map<string, PersonListPlan>();
    for (const [label, u] of readers) {
      process.stderr.write(`visibility: ${label} (${u.userId}), up to ${REQUESTS} requests or ${BUDGET_S} s...\n`);
      const rel = relations(u, roles, users);
      const expectedTotal = persons.reduce((n, p) => n + (sees(u, rel, p) ? 1 : 0), 0);
      const m = await measureList(crmUser(u), `/persons?limit=${LIMIT}`, { warmUp: WARM_UP, n: REQUESTS, budgetMs: BUDGET_S * 1000 });
      const so = summarize(m.samples);
      process.stderr.write(`visibility: ${label}: total ${m.total}, p50 ${fmtMs(so.p50Ms)}, p95 ${fmtMs(so.p95Ms)}\n`);
      if (m.total !== expectedTotal) throw new Error(`${label} (${u.userId}) sees ${m.total} persons, the rules give ${expectedTotal}`);
      const p = await plan(u.userId);
      plans.set(u.userId, p);
      const floor = await measureFloor(infra.mongoUri, `${stack.namespace}_contacts`, p.filter, LIMIT, so.requests);
      const ratio = { p50: round2(so.p50Ms / floor.both.p50Ms), p95: round2(so.p95Ms / floor.both.p95Ms) };
      process.stderr.write(`visibility: ${label}: floor page ${fmtMs(floor.page.p50Ms)}, count ${fmtMs(floor.count.p50Ms)}, both ${fmtMs(floor.both.p50Ms)} (p50); service/floor ${ratio.p50}x p50, ${ratio.p95}x p95\n`);
      results.push({
        reader: label,
        userId: u.userId,
        roleId: u.roleId,
        roleLevel: u.roleId ? (levelOf.get(u.roleId) ?? null) : null,
        branches: (p.filter.$or ?? [p.filter]).length,
        visibleTotal: m.total,
        expectedTotal,
        latency: so,
        floor,
        ratio,
        budgetReached: m.budgetReached,
      });
    }

    const [walkLabel, walkUser] = readers[0];
    process.stderr.write(`visibility: cursor walk (${walkLabel})...\n`);
    const walk = await cursorWalk(crmUser(walkUser), LIMIT, WALK_PAGES);
    const walkSummary = summarize(walk.samples);

    // ---- evidence: the deep reader's query (every kind of branch) and the admin's
    const deep = plans.get(walkUser.userId);
    const admin = plans.get(ADMIN_USER_ID);
    if (!deep || !admin) throw new Error('missing plans');
    const out = join(WORKSPACE_ROOT, '.cache/bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'visibility-plans.json'), JSON.stringify({ deep, admin }, null, 2));

    const rows = results.map((r) =>
      [
        `  ${`${r.reader} (${r.userId})`.padEnd(26)}`,
        `${r.roleId ? `${r.roleId} L${r.roleLevel}` : '—'}`.padEnd(12),
        String(r.branches).padEnd(10),
        `${r.latency.requests}${r.budgetReached ? '*' : ''}`.padStart(4),
        fmtInt(r.visibleTotal).padStart(9),
        fmtMs(r.latency.p50Ms).padStart(10),
        fmtMs(r.latency.p95Ms).padStart(10),
        fmtMs(r.latency.maxMs).padStart(10),
      ].join(' '),
    );
    const floorRows = results.map((r) =>
      [
        `  ${`${r.reader} (${r.userId})`.padEnd(26)}`,
        `${fmtMs(r.floor.page.p50Ms)} / ${fmtMs(r.floor.page.p95Ms)}`.padStart(20),
        `${fmtMs(r.floor.count.p50Ms)} / ${fmtMs(r.floor.count.p95Ms)}`.padStart(20),
        `${fmtMs(r.floor.both.p50Ms)} / ${fmtMs(r.floor.both.p95Ms)}`.padStart(20),
        `${r.ratio.p50}x / ${r.ratio.p95}x`.padStart(16),
      ].join(' '),
    );
    const deepBranches = formatBranches(deep);
    const planLines = (e: ExplainSummary, indent: string) => e.plan.map((l) => `${indent}${l}`).join('\n');
    process.stdout.write(`
Visibility read: GET /persons?limit=${LIMIT} among ${fmtInt(N)} persons of one company (one run, this machine)
  company: ${roles.length} roles, ${ROLE_DEPTH} levels deep; ${users.length} users (${users.filter((u) => u.roleId).length} with a role, 1 global admin)
  persons: inserted in ${(seedPersonsMs / 1000).toFixed(1)} s; visibility options 20% each, 10% followed by 1-3 users
  each reader: ${WARM_UP} warm-up request, then ${REQUESTS} sequential requests over HTTP with the reader's JWT
  (page of ${LIMIT} + visible total; the totals equal what the rules give, computed by the benchmark)${
    results.some((r) => r.budgetReached) ? `\n  * fewer requests: the ${BUDGET_S} s budget per reader (BENCH_VISIBILITY_BUDGET_S) ran out` : ''
  }

  ${'reader'.padEnd(26)} ${'role'.padEnd(12)} ${'branches'.padEnd(10)} ${'n'.padStart(4)} ${'visible'.padStart(9)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'max'.padStart(10)}
${rows.join('\n')}

  cursor walk (${walkLabel}): ${walk.samples.length} pages of ${LIMIT} with after=: ${walk.samples.map((ms) => fmtMs(ms)).join(', ')} (p50 ${fmtMs(walkSummary.p50Ms)})

Floor: the same queries (the filter the service builds) sent straight to the database with the driver, same run
  ${'reader'.padEnd(26)} ${'page p50 / p95'.padStart(20)} ${'total p50 / p95'.padStart(20)} ${'both p50 / p95'.padStart(20)} ${'service/both'.padStart(16)}
${floorRows.join('\n')}

Evidence: how the person list query is served (GET /internal/diagnostics/…/person-list-plan, server: ${deep.query.server})
  indexes of persons (listIndexes):
${formatIndexes(deep.indexes).join('\n')}

  deep reader ${walkUser.userId}: sort ${JSON.stringify(deep.sort)}, limit ${LIMIT + 1}, $or of ${(deep.filter.$or ?? []).length} branches
${deepBranches.join('\n')}
  the whole query, as the service sends it:
${planLines(deep.query, '    ')}
  each branch alone (the plan the engine chose for it):
${deep.branches.map((b, n) => `    ${n + 1}. indexes: ${b.plan.indexes.join(', ') || 'none'}\n${planLines(b.plan, '       ')}`).join('\n')}
  global admin ${ADMIN_USER_ID}:
${formatBranches(admin).join('\n')}
${planLines(admin.query, '    ')}
  full diagnostics: ${join(out, 'visibility-plans.json')}
`);
    return {
      persons: N,
      roles: roles.length,
      roleDepth: ROLE_DEPTH,
      users: users.length,
      limit: LIMIT,
      requestsPerReader: REQUESTS,
      budgetSeconds: BUDGET_S,
      seedPersonsMs: Math.round(seedPersonsMs),
      readers: results,
      cursorWalk: { reader: walkUser.userId, pages: walk.samples.length, persons: walk.persons, pageMs: walk.samples.map((ms) => Math.round(ms * 10) / 10), p50Ms: walkSummary.p50Ms },
      evidence: {
        indexes: deep.indexes,
        query: deep.query,
        branches: deep.branches.map((b, n) => ({ branch: deepBranches[2 * n]?.trim() ?? JSON.stringify(b.branch), plan: b.plan })),
        admin: admin.query,
      },
    };
  } finally {
    await stack.stop();
  }
}
