import type { ExplainSummary } from '@contact-sync/platform';
import { httpJson } from '@contact-sync/testing';

/**
 * Evidence that the visibility query is index-served, from the contacts service's diagnostics
 * endpoint (the reader's filter, the collection's indexes and the server's explain): which index's
 * equality prefix each `$or` branch matches, and what the database server itself reports.
 */

export interface IndexInfo {
  name: string;
  key: Record<string, number>;
}

type Branch = Record<string, unknown>;

/** What GET /internal/diagnostics/…/person-list-plan answers (PersonRepository.explainFirstPage). */
export interface PersonListPlan {
  reader: { userId: string; globalAdmin: boolean; sameRoleOwners: string[]; roleOrAboveOwners: string[] };
  filter: { $or?: Branch[] } & Branch;
  sort: Record<string, number>;
  indexes: IndexInfo[];
  query: ExplainSummary;
  branches: { branch: Branch; plan: ExplainSummary }[];
}

/** The visibility indexes person.schema.ts declares (the service builds them at start). */
export const VISIBILITY_INDEX_KEYS = [
  ['companyId', 'deletedAt', 'visibility', 'ownerUserId', '_id'],
  ['companyId', 'deletedAt', 'visibility', '_id'],
  ['companyId', 'deletedAt', 'visibility', 'followerUserIds', '_id'],
];

export async function fetchPlan(contactsUrl: string, internalToken: string, companyId: string, userId: string): Promise<PersonListPlan> {
  const path = `/internal/diagnostics/companies/${encodeURIComponent(companyId)}/users/${encodeURIComponent(userId)}/person-list-plan`;
  const res = await httpJson<PersonListPlan>('GET', `${contactsUrl}${path}`, undefined, { authorization: `Bearer ${internalToken}` });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function missingVisibilityIndexes(indexes: IndexInfo[]): string[][] {
  const have = new Set(indexes.map((i) => Object.keys(i.key).join(',')));
  return VISIBILITY_INDEX_KEYS.filter((k) => !have.has(k.join(',')));
}

/** A condition usable as an index point range: a value (null included), or `$in` of values. */
function pointCondition(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  const ops = Object.keys(value);
  return ops.length === 1 && ops[0] === '$in';
}

export interface BranchMatch {
  index: IndexInfo | null;
  /** Index fields the branch pins with equality / $in, in index order. */
  prefix: string[];
  /** The next index field after the prefix is _id: each point range is already in cursor order. */
  ordered: boolean;
  /** Branch conditions outside the prefix: checked on the documents the ranges fetch. */
  residual: string[];
}

/** The index with the longest equality prefix the branch fills (the `_id_` index does not count). */
export function matchBranch(branch: Branch, indexes: IndexInfo[]): BranchMatch {
  const fields = Object.keys(branch).filter((f) => f !== '_id');
  let best: BranchMatch = { index: null, prefix: [], ordered: false, residual: fields };
  const score = (m: BranchMatch) => m.prefix.length * 4 + (m.ordered ? 2 : 0) - m.residual.length;
  for (const index of indexes) {
    const keys = Object.keys(index.key);
    const prefix: string[] = [];
    for (const k of keys) {
      if (!(k in branch) || !pointCondition(branch[k])) break;
      prefix.push(k);
    }
    if (prefix.length === 0) continue;
    const m = { index, prefix, ordered: keys[prefix.length] === '_id', residual: fields.filter((f) => !prefix.includes(f)) };
    if (score(m) > score(best)) best = m;
  }
  return best;
}

function describeCondition(field: string, value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$in' in value) {
    const list = (value as { $in: unknown[] }).$in;
    return `${field} ∈ {${list.length <= 3 ? list.map((v) => JSON.stringify(v)).join(', ') : `${list.length} values`}}`;
  }
  return `${field} = ${JSON.stringify(value)}`;
}

const describeBranch = (branch: Branch) =>
  Object.entries(branch)
    .map(([f, v]) => describeCondition(f, v))
    .join(', ');

export function formatIndexes(indexes: IndexInfo[]): string[] {
  return indexes.map((i, n) => `    [${n + 1}] ${i.name.padEnd(58)} { ${Object.entries(i.key).map(([k, d]) => `${k}: ${d}`).join(', ')} }`);
}

export function formatBranches(plan: PersonListPlan): string[] {
  const branches = plan.filter.$or ?? [plan.filter];
  const lines: string[] = [];
  branches.forEach((branch, n) => {
    const m = matchBranch(branch, plan.indexes);
    lines.push(`    ${n + 1}. ${describeBranch(branch)}`);
    if (!m.index) {
      lines.push('       → no index has an equality prefix for this branch');
      return;
    }
    const order = m.ordered ? 'then _id: one range per value, already in _id order' : 'NOT followed by _id: needs a sort';
    const residual = m.residual.length ? `; ${m.residual.join(', ')} checked on the fetched documents` : '';
    lines.push(`       → index [${plan.indexes.indexOf(m.index) + 1}]: equality prefix (${m.prefix.join(', ')}), ${order}${residual}`);
  });
  return lines;
}
