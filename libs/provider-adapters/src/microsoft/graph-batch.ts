import type { Client } from '@microsoft/microsoft-graph-client';

/** Graph's JSON batching limit: at most 20 requests per `$batch`. */
export const GRAPH_BATCH_LIMIT = 20;
/** Outlook serves at most 4 concurrent requests per mailbox and app; batch sub-requests count one by one. */
export const MAILBOX_CONCURRENCY = 4;
/**
 * Write-back's share: one request stays free for the sync's delta pages (read one at a time). The
 * sync's photo downloads may still meet a 429 while a batch runs; they wait it out (the driver).
 */
export const BATCH_WAVE = MAILBOX_CONCURRENCY - 1;

export interface GraphBatchRequest {
  method: 'POST' | 'PATCH' | 'DELETE' | 'GET';
  url: string;
  body?: unknown;
}

export interface GraphBatchResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * One `$batch` call. Sub-requests run in waves of BATCH_WAVE: each wave `dependsOn` the whole
 * previous one, so no more than three of ours are in flight in the mailbox at once, one under the
 * limit, which the sync's pull may use (a failed
 * request makes the later waves answer 424, which the caller retries). Responses come back in the
 * order of `requests`.
 */
export async function graphBatch(client: Client, requests: GraphBatchRequest[]): Promise<GraphBatchResponse[]> {
  if (requests.length === 0) return [];
  if (requests.length > GRAPH_BATCH_LIMIT) throw new RangeError(`a Graph $batch takes at most ${GRAPH_BATCH_LIMIT} requests`);
  const ids = requests.map((_, i) => String(i + 1));
  const body = {
    requests: requests.map((r, i) => {
      const wave = Math.floor(i / BATCH_WAVE);
      const dependsOn = wave === 0 ? undefined : ids.slice((wave - 1) * BATCH_WAVE, wave * BATCH_WAVE);
      return {
        id: ids[i],
        method: r.method,
        url: r.url,
        // Batch entries do not inherit the envelope's headers: each asks for immutable ids itself.
        headers: { Prefer: 'IdType="ImmutableId"', ...(r.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(r.body !== undefined ? { body: r.body } : {}),
        ...(dependsOn ? { dependsOn } : {}),
      };
    }),
  };
  const answer = (await client.api('/$batch').post(body)) as { responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] };
  const byId = new Map((answer.responses ?? []).map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    return r ? { status: r.status, headers: r.headers ?? {}, body: r.body ?? null } : { status: 502, headers: {}, body: { error: { code: 'missingBatchResponse', message: `no response for request ${id}` } } };
  });
}
