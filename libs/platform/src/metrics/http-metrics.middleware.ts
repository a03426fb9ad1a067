import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';
import { httpRequestLabels } from './http-route-label';

/**
 * Times every request from the first middleware to the last byte sent, so guard refusals, validation
 * errors and 404s count too. The route is read when the response finishes: express has matched it by then.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    // Nest mounts this middleware as a catch-all route: express's route here is that one, which a
    // matched handler's route replaces. Still the same object at the end means no route matched.
    const ownRoute: unknown = req.route;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const matched = req.route !== ownRoute ? (req.route as { path?: unknown } | undefined) : undefined;
      const route = matched?.path;
      this.metrics.httpDuration.observe(httpRequestLabels(req.method, route, res.statusCode), seconds);
    });
    next();
  }
}
