import { Hono } from 'hono';
import type { ServerMetrics } from '../metrics/server-metrics.js';

/** `GET /metrics`: every metric in the Prometheus text exposition format. */
export function metricsRoutes(metrics: ServerMetrics): Hono {
  return new Hono().get('/metrics', (c) =>
    c.body(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );
}
