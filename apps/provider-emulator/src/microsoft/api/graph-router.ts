import { Injectable } from '@nestjs/common';
import { GraphApiGate } from './graph-api-gate';
import type { GraphReply, GraphRequest } from './graph-call';
import { errorReply, GraphError, methodNotAllowed, segmentNotFound } from './graph-error';
import type { GraphRoute } from './graph-route';
import { GRAPH_ROUTES } from './graph-routes';

interface Target {
  route: GraphRoute;
  params: Record<string, string>;
  /** `{id | userPrincipalName}` of `/users/{user}/...`; undefined for `/me/...`. */
  user?: string;
}

const PATTERNS = GRAPH_ROUTES.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw segmentNotFound(segment);
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p.toLowerCase() !== s.toLowerCase()) return undefined;
  }
  return params;
}

/** The route a request names, or Graph's 400 (unknown path) / 405 (known path, other method). */
function resolve(req: GraphRequest): Target {
  const segments = req.path.split('/').filter(Boolean).map(decoded);
  const head = segments[0]?.toLowerCase();
  let user: string | undefined;
  let rest: string[];
  if (head === 'me') rest = segments.slice(1);
  else if (head === 'users' && segments.length >= 2) [user, rest] = [segments[1], segments.slice(2)];
  else throw segmentNotFound(segments[0] ?? '');
  let pathKnown = false;
  for (const { route, segments: pattern } of PATTERNS) {
    const params = matchSegments(pattern, rest);
    if (!params) continue;
    pathKnown = true;
    if (route.method === req.method.toUpperCase()) return { route, params, user };
  }
  if (pathKnown) throw methodNotAllowed();
  throw segmentNotFound(rest[rest.length - 1] ?? segments[0] ?? '');
}

/**
 * Runs one Graph request, whether it came over HTTP or inside a `$batch`: the route, the gate
 * (token, counter, scope, faults, mailbox concurrency, latency) and the handler; Graph errors come
 * back as replies in Graph's error shape.
 */
@Injectable()
export class GraphRouter {
  constructor(private readonly gate: GraphApiGate) {}

  async dispatch(req: GraphRequest): Promise<GraphReply> {
    try {
      const { route, params, user } = resolve(req);
      const options = { write: route.write, anyScope: route.directory, mailbox: !route.directory };
      return await this.gate.call(req, route.operation, user, options, (mailbox) => route.handle({ req, params, mailbox }));
    } catch (err) {
      if (err instanceof GraphError) return errorReply(err, req);
      throw err;
    }
  }
}
