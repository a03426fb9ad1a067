import mongoose from 'mongoose';

/**
 * The server's explain of a query, one line per plan node or stage. A genuine MongoDB answers with
 * its winning plan (IXSCAN, FETCH, SORT_MERGE …); FerretDB 2 answers with PostgreSQL's own
 * EXPLAIN (FORMAT JSON) of the SQL that DocumentDB runs, whose BSON literals are shown as JSON here.
 */
export interface ExplainSummary {
  server: 'mongodb' | 'documentdb' | 'unsupported' | 'unknown';
  plan: string[];
  /** Some node or stage reads an index other than the primary key / `_id_` only. */
  secondaryIndexUsed: boolean;
  /** Names of the indexes the plan reads. */
  indexes: string[];
  stats?: Record<string, unknown>;
}

interface PgPlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Sort Key'?: string[];
  'Plan Rows'?: number;
  'Total Cost'?: number;
  Plans?: PgPlanNode[];
}

interface MongoStage {
  stage?: string;
  indexName?: string;
  inputStage?: MongoStage;
  inputStages?: MongoStage[];
}

/** DocumentDB prints BSON operands as 'BSONHEX<hex>'::documentdb_core.bson: shown as JSON. */
function readableSql(sql: string): string {
  return sql
    .replace(/'BSONHEX([0-9a-f]+)'::documentdb_core\.bson/g, (_, hex: string) => {
      try {
        return mongoose.mongo.BSON.EJSON.stringify(mongoose.mongo.BSON.deserialize(Buffer.from(hex, 'hex')), { relaxed: true });
      } catch {
        return 'BSON(…)';
      }
    })
    .replace(/OPERATOR\(documentdb_api_catalog\.([^)]+)\)/g, '$1');
}

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

function mongoStages(stage: MongoStage | undefined, depth = 0, out: { stage: MongoStage; depth: number }[] = []) {
  if (!stage) return out;
  out.push({ stage, depth });
  if (stage.inputStage) mongoStages(stage.inputStage, depth + 1, out);
  for (const s of stage.inputStages ?? []) mongoStages(s, depth + 1, out);
  return out;
}

const PRIMARY = /^(_id_|collection_pk_\d+)$/;

export function summarizeExplain(explain: unknown): ExplainSummary {
  const e = (explain ?? {}) as Record<string, unknown>;
  if ('unsupported' in e) return { server: 'unsupported', plan: [String(e['unsupported'])], secondaryIndexUsed: false, indexes: [] };
  const qp = (e['queryPlanner'] ?? {}) as Record<string, unknown>;
  if (qp['winningPlan']) {
    const stages = mongoStages(qp['winningPlan'] as MongoStage);
    const stats = (e['executionStats'] ?? {}) as Record<string, unknown>;
    const indexes = [...new Set(stages.flatMap(({ stage }) => (stage.indexName ? [stage.indexName] : [])))];
    return {
      server: 'mongodb',
      plan: stages.map(({ stage, depth }) => `${'  '.repeat(depth)}${stage.stage}${stage.indexName ? ` ${stage.indexName}` : ''}`),
      secondaryIndexUsed: indexes.some((i) => !PRIMARY.test(i)),
      indexes,
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
    const indexes = [...new Set(nodes.flatMap(({ node }) => (node['Index Name'] ? [node['Index Name']] : [])))];
    return {
      server: 'documentdb',
      plan: nodes.map(({ node, depth }) =>
        [
          `${'  '.repeat(depth)}${node['Node Type']}`,
          node['Index Name'] ? ` using ${node['Index Name']}` : '',
          node['Index Cond'] ? ` index cond: ${readableSql(node['Index Cond'])}` : '',
          node['Recheck Cond'] && !node['Index Cond'] ? ` recheck: ${readableSql(node['Recheck Cond'])}` : '',
          node.Filter ? ` filter: ${readableSql(node.Filter)}` : '',
          node['Sort Key'] ? ` sort key: ${node['Sort Key'].join(', ')}` : '',
          node['Plan Rows'] !== undefined ? ` (est. rows ${node['Plan Rows']}, cost ${node['Total Cost']})` : '',
        ].join(''),
      ),
      secondaryIndexUsed: indexes.some((i) => !PRIMARY.test(i)),
      indexes,
    };
  }
  return { server: 'unknown', plan: [JSON.stringify(explain).slice(0, 500)], secondaryIndexUsed: false, indexes: [] };
}
