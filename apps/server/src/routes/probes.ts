import { Hono } from 'hono';

/** Something readiness depends on: it answers, or rejects saying why not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/**
 * `GET /livez`: 200 while the process serves HTTP (restart it otherwise). `GET /readyz`: 200 when
 * every dependency answers (the store, Redis when clustered) and the node is not shutting down,
 * 503 naming what failed otherwise (take it out of the load balancer, do not restart it).
 */
export function probeRoutes(checks: readonly ReadinessCheck[], shuttingDown: () => boolean): Hono {
  return new Hono()
    .get('/livez', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      if (shuttingDown()) return c.json({ status: 'unavailable', failed: { server: 'shutting down' } }, 503);
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2_000);
            return null;
          } catch (err) {
            return [name, err instanceof Error ? err.message : String(err)] as const;
          }
        }),
      );
      const failed = results.filter((r) => r !== null);
      if (failed.length > 0) return c.json({ status: 'unavailable', failed: Object.fromEntries(failed) }, 503);
      return c.json({ status: 'ready' });
    });
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
