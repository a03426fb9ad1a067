import { All, Controller, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { origin } from '../../core/request-origin';
import { GraphBatch } from './graph-batch';
import type { GraphReply, GraphRequest } from './graph-call';
import { GraphRouter } from './graph-router';

/** An HTTP request below `/v1.0` as a Graph request (the same shape `$batch` entries take). */
function graphRequestOf(req: Request): GraphRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method, path: req.path.replace(/^\/v1\.0/i, '') || '/', query: req.query as Record<string, unknown>, headers, body: req.body, origin: origin(req) };
}

function send(res: Response, reply: GraphReply): void {
  res.status(reply.status);
  for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
  if (reply.body === undefined) res.end();
  else if (Buffer.isBuffer(reply.body)) res.send(reply.body);
  else res.json(reply.body);
}

/**
 * Microsoft Graph v1.0 over HTTP: every request below `/v1.0` goes to the Graph router (the same
 * one `$batch` entries go through, so both take one path), `/v1.0/$batch` to the batch runner.
 */
@Controller()
export class GraphController {
  constructor(
    private readonly router: GraphRouter,
    private readonly batch: GraphBatch,
  ) {}

  @All(['v1.0', 'v1.0/*path'])
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    const call = graphRequestOf(req);
    send(res, call.path === '/$batch' ? await this.batch.run(call) : await this.router.dispatch(call));
  }
}
