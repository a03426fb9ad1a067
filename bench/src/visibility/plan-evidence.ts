import mongoose from 'mongoose';
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

export interface PersonListPlan {
  reader: { userId: string; globalAdmin: boolean; sameRoleOwners: string[]; roleOrAboveOwners: string[] };
  filter: { $or?: Branch[] } & Branch;
  sort: Record<string, number>;
  indexes: IndexInfo[];
  explain: unknown;
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

// ---- the server's explain ------------------------------------------------------------------

interface PgPlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  Schema?: string;
  'Index Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  'Sort Key'?: string[];
  'Plan Rows'?: number;
  'Total Cost'?: number;
  Plans?: PgPlanNode[];
}

/** A PostgreSQL condition without the table alias and casts, for reading. */
const compactSql = (sql: string) => sql.replace(/\b\w+\._jsonb\b/g, '_jsonb').replace(/::(text|jsonb)\b/g, '');

/** PostgreSQL plan nodes (FerretDB's explain carries PostgreSQL's EXPLAIN (FORMAT JSON)), depth first. */
function pgNodes(root: unknown): { node: PgPlanNode; depth: number }[] {
  const out: { node: PgPlanNode; depth: number }[] = [];
  const walk = (node: PgPlanNode, depth: number) => {
    out.push({ node, depth });
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  const find = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(find);
    const o = v as Record<string, unknown>;
    if (o['Plan'] && typeof o['Plan'] === 'object') return walk(o['Plan'] as PgPlanNode, 0);
    if (typeof o['Node Type'] === 'string') return walk(o as PgPlanNode, 0);
    Object.values(o).forEach(find);
  };
  find(root);
  return out;
}

interface MongoStage {
  stage?: string;
  indexName?: string;
  keyPattern?: Record<string, number>;
  inputStage?: MongoStage;
  inputStages?: MongoStage[];
}

function mongoStages(stage: MongoStage | undefined, depth = 0, out: { stage: MongoStage; depth: number }[] = []) {
  if (!stage) return out;
  out.push({ stage, depth });
  if (stage.inputStage) mongoStages(stage.inputStage, depth + 1, out);
  for (const s of stage.inputStages ?? []) mongoStages(s, depth + 1, out);
  return out;
}

export interface ExplainSummary {
  server: 'mongodb' | 'ferretdb' | 'unsupported' | 'unknown';
  /** Top-level flags of the explain (FerretDB: filterPushdown, sortPushdown, limitPushdown, …). */
  flags: Record<string, unknown>;
  /** The plan, one node or stage per line. */
  plan: string[];
  indexUsed: boolean;
  stats?: Record<string, unknown>;
}

export function summarizeExplain(explain: unknown): ExplainSummary {
  const e = (explain ?? {}) as Record<string, unknown>;
  if ('unsupported' in e) return { server: 'unsupported', flags: {}, plan: [String(e['unsupported'])], indexUsed: false };
  const flags = Object.fromEntries(Object.entries(e).filter(([k, v]) => typeof v === 'boolean' || (k.toLowerCase().includes('pushdown') && v !== null)));
  const qp = (e['queryPlanner'] ?? {}) as Record<string, unknown>;
  if (qp['winningPlan']) {
    const stages = mongoStages(qp['winningPlan'] as MongoStage);
    const stats = (e['executionStats'] ?? {}) as Record<string, unknown>;
    return {
      server: 'mongodb',
      flags,
      plan: stages.map(({ stage, depth }) => `${'  '.repeat(depth)}${stage.stage}${stage.indexName ? ` ${stage.indexName}` : ''}`),
      indexUsed: stages.some(({ stage }) => stage.stage === 'IXSCAN'),
      stats: {
        nReturned: stats['nReturned'],
        totalKeysExamined: stats['totalKeysExamined'],
        totalDocsExamined: stats['totalDocsExamined'],
        executionTimeMillis: stats['executionTimeMillis'],
      },
    };
  }
  const nodes = pgNodes(qp);
  if (nodes.length > 0) {
    return {
      server: 'ferretdb',
      flags,
      plan: nodes.map(({ node, depth }) =>
        [
          `${'  '.repeat(depth)}${node['Node Type']}`,
          node['Relation Name'] ? ` on ${node.Schema ? `${node.Schema}.` : ''}${node['Relation Name']}` : '',
          node['Index Name'] ? ` using ${node['Index Name']}` : '',
          node['Index Cond'] ? ` index cond: ${compactSql(node['Index Cond'])}` : '',
          node.Filter ? ` filter: ${compactSql(node.Filter)}` : '',
          node['Sort Key'] ? ` sort key: ${node['Sort Key'].join(', ')}` : '',
          node['Plan Rows'] !== undefined ? ` (est. rows ${node['Plan Rows']}, cost ${node['Total Cost']})` : '',
        ].join(''),
      ),
      indexUsed: nodes.some(({ node }) => /Index|Bitmap/.test(node['Node Type'] ?? '')),
    };
  }
  return { server: 'unknown', flags, plan: [JSON.stringify(explain).slice(0, 500)], indexUsed: false };
}

/**
 * Each branch of a reader's query explained on its own, straight through the driver (same sort and
 * limit): shows whether the server uses an index even for a single, simple branch.
 */
export async function explainBranchesAlone(mongoUri: string, dbName: string, plan: PersonListPlan, limit: number): Promise<ExplainSummary[]> {
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    const db = conn.db;
    if (!db) throw new Error(`no database handle for ${dbName}`);
    const persons = db.collection('persons');
    const out: ExplainSummary[] = [];
    for (const branch of plan.filter.$or ?? [plan.filter]) {
      try {
        out.push(summarizeExplain(await persons.find(branch).sort({ _id: 1 }).limit(limit).explain('executionStats')));
      } catch (err) {
        out.push(summarizeExplain({ unsupported: err instanceof Error ? err.message : String(err) }));
      }
    }
    return out;
  } finally {
    await conn.close();
  }
}
