import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ServerMetrics } from '../metrics/server-metrics.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics`: every metric in the Prometheus text exposition format. With `token` set
 * (METRICS_TOKEN) a scrape must send `Authorization: Bearer <token>`, else 401.
 */
export function metricsRoutes(metrics: ServerMetrics, token: string | null = null): Hono {
  const expected = token === null ? null : digest(`Bearer ${token}`);
  return new Hono().get('/metrics', async (c) => {
    if (expected && !timingSafeEqual(digest(c.req.header('authorization') ?? ''), expected)) {
      return c.text('metrics need the bearer token (METRICS_TOKEN)', 401, { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    return c.body(await metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}
