import { Injectable } from '@nestjs/common';
import { GraphApiGate } from './graph-api-gate';
import { parseBatch, subRequest, type BatchStep } from './graph-batch-request';
import type { GraphReply, GraphRequest } from './graph-call';
import { badRequest, errorReply, failedDependency, GraphError, methodNotAllowed } from './graph-error';
import { GraphRouter } from './graph-router';

/** "Outlook runs up to 4 batch requests in parallel unless dependsOn is used" (throttling-limits). */
export const BATCH_PARALLELISM = 4;

/** At most `n` of the started tasks run at once; the others wait in order. */
function limiter(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** One entry of the batch answer: the sub-request's status, headers (Content-Type for JSON) and body (bytes as base64). */
function entry(id: string, reply: GraphReply) {
  const json = reply.body !== undefined && !Buffer.isBuffer(reply.body);
  const headers = json ? { ...reply.headers, 'Content-Type': 'application/json' } : reply.headers;
  const body = Buffer.isBuffer(reply.body) ? reply.body.toString('base64') : reply.body;
  return { id, status: reply.status, headers, ...(body !== undefined ? { body } : {}) };
}

/**
 * `POST /v1.0/$batch` (learn.microsoft.com/graph/json-batching): up to 20 requests, each run
 * through the same router and gate as a direct call (counted, scope-checked, faulted and held to
 * the mailbox's concurrency limit one by one), up to 4 at once; a request waits for its
 * `dependsOn` and answers 424 when one of them failed. The batch itself answers 200 once its body
 * parses, the requests' outcomes in `responses` (in request order).
 */
@Injectable()
export class GraphBatch {
  constructor(
    private readonly gate: GraphApiGate,
    private readonly router: GraphRouter,
  ) {}

  async run(req: GraphRequest): Promise<GraphReply> {
    try {
      if (req.method.toUpperCase() !== 'POST') throw methodNotAllowed();
      this.gate.admitBatch(req);
      const steps = parseBatch(req.body);
      const slot = limiter(BATCH_PARALLELISM);
      const replies = new Map<string, Promise<GraphReply>>();
      for (const s of steps) replies.set(s.key, this.runStep(req, s, replies, slot));
      const responses = await Promise.all(steps.map(async (s) => entry(s.id, await (replies.get(s.key) as Promise<GraphReply>))));
      return { status: 200, headers: {}, body: { responses } };
    } catch (err) {
      if (err instanceof GraphError) return errorReply(err, req);
      throw err;
    }
  }

  private async runStep(envelope: GraphRequest, s: BatchStep, replies: Map<string, Promise<GraphReply>>, slot: ReturnType<typeof limiter>): Promise<GraphReply> {
    const sub = subRequest(envelope, s);
    for (const dep of s.dependsOn) {
      const done = await (replies.get(dep.toLowerCase()) as Promise<GraphReply>);
      if (done.status >= 400) return errorReply(failedDependency(dep), sub);
    }
    if (sub.path === '/$batch') return errorReply(badRequest('A batch request cannot contain another $batch request.'), sub);
    if (s.body !== undefined && !s.headers['content-type']) return errorReply(badRequest('A request with a body needs a Content-Type header.'), sub);
    return slot(() => this.router.dispatch(sub));
  }
}
