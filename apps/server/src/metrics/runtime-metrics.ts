import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** HTTP latency buckets in seconds, from 1 ms to 10 s. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Statuses that count as a refusal: the client was turned away, not served. */
const REFUSAL_STATUSES = new Set([400, 401, 403, 404, 413, 421, 426, 429, 503]);

/**
 * The process and traffic figures of `/metrics` kept with prom-client: its default process and
 * Node runtime metrics (resident memory, heap, event-loop lag, GC, handles), HTTP requests by
 * route pattern and status with their durations, refusals by where and status, and WebSocket
 * close codes. (The sync figures are ServerMetrics' own, rendered beside these.)
 */
export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'tandem_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpSeconds = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'tandem_refusals_total',
    help: 'Requests turned away, by where (http or upgrade) and status (401 unauthenticated, 403 forbidden, 429 too many, 503 unavailable...).',
    labelNames: ['where', 'status'] as const,
    registers: [this.registry],
  });
  readonly closes = new Counter({
    name: 'tandem_websocket_closes_total',
    help: 'Sync sockets closed, by close code (1000 normal, 1001 going away, 1008 policy, 1009 too big, 1011 error, 4401 unauthorized, 4403 forbidden, 4408 token expired...).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts an upgrade refused with `status`. */
  upgradeRefused(status: number): void {
    this.refusals.inc({ where: 'upgrade', status: String(status) });
  }

  /** Counts a sync socket closed with `code`. */
  socketClosed(code: number): void {
    this.closes.inc({ code: String(code) });
  }

  /**
   * Hono middleware timing every request. The route label is the pattern that answered
   * (`/api/docs/:id`, `*` for the web app's pages), never the raw path, so ids do not make new
   * series; a 404 no route answered is `unmatched`.
   */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const status = c.res.status;
        const answered = matchedRoutes(c)[c.req.routeIndex]?.path;
        const route = !answered || (answered === '*' && status === 404) ? 'unmatched' : answered;
        const method = METHODS.has(c.req.method) ? c.req.method : 'other';
        this.httpRequests.inc({ method, route, status: String(status) });
        this.httpSeconds.observe({ method, route }, (performance.now() - started) / 1000);
        if (REFUSAL_STATUSES.has(status)) this.refusals.inc({ where: 'http', status: String(status) });
      }
    };
  }

  /** The Prometheus text of these metrics. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
