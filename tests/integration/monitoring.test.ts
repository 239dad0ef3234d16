import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnTestServer, startTestServer } from '../helpers/server.js';
import { openRaw, upgradeStatus } from '../helpers/sockets.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const DASHBOARD = join(import.meta.dirname, '..', '..', 'docs', 'grafana-dashboard.json');

/** The value of one sample line (`name{labels} value`) of a Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

const scrape = async (url: string) => {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('monitoring', () => {
  it('serves process, HTTP, refusal and close-code metrics behind METRICS_TOKEN', async () => {
    const server = await startTestServer({ METRICS_TOKEN, ALLOWED_ORIGINS: 'https://app.example' });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);

      expect((await fetch(`${server.url}/api/docs/some-doc`)).status).toBe(404);
      expect((await fetch(`${server.url}/api/docs/some-doc`)).status).toBe(404);
      expect((await fetch(`${server.url}/livez`)).status).toBe(200);
      expect(await upgradeStatus(server.port, '/sync/a-doc', { Origin: 'https://evil.example' })).toBe(403);
      expect(await upgradeStatus(server.port, '/sync/bad%20id')).toBe(400);
      const raw = await openRaw(server.url, 'metrics-doc');
      raw.ws.close(4000, 'bye');
      expect(await raw.closed).toBe(4000);

      const text = await scrape(server.url);
      for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total']) {
        expect(text, name).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
      }
      expect(sample(text, 'tandem_http_requests_total', { method: 'GET', route: '/api/docs/:id', status: '404' })).toBe(2);
      expect(sample(text, 'tandem_http_requests_total', { route: '/livez', status: '200' })).toBe(1);
      expect(sample(text, 'tandem_http_request_duration_seconds_count', { route: '/api/docs/:id' })).toBe(2);
      expect(text).not.toContain('route="/api/docs/some-doc"');
      expect(sample(text, 'tandem_refusals_total', { where: 'upgrade', status: '403' })).toBe(1);
      expect(sample(text, 'tandem_refusals_total', { where: 'upgrade', status: '400' })).toBe(1);
      expect(sample(text, 'tandem_refusals_total', { where: 'http', status: '401' })).toBe(2);
      await expect.poll(async () => sample(await scrape(server.url), 'tandem_websocket_closes_total', { code: '4000' })).toBe(1);
    } finally {
      await server.dispose();
    }
  });

  it('a flood of refused upgrades writes one warn line with a count, not one per attempt', async () => {
    const server = await spawnTestServer({ ALLOWED_ORIGINS: 'https://app.example', LOG_THROTTLE_WINDOW: '1s' });
    try {
      for (let i = 0; i < 40; i++) expect(await upgradeStatus(server.port, '/sync/a-doc', { Origin: 'https://evil.example' })).toBe(403);
      await expect
        .poll(() => server.logs().filter((l) => l.event === 'upgrade.refused' && l.repeated !== undefined), { timeout: 5000 })
        .toHaveLength(1);
      const lines = server.logs().filter((l) => l.event === 'upgrade.refused');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ level: 'warn', reason: 'origin' });
      expect(lines[1]).toMatchObject({ level: 'warn', reason: 'origin', repeated: 39 });
    } finally {
      await server.dispose();
    }
  });

  const { DATABASE_URL: url, REDIS_URL: redis } = process.env;
  const schemas: string[] = [];
  afterAll(async () => {
    if (!url || schemas.length === 0) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await client.end();
  });

  (url && redis ? it : it.skip)('every metric the Grafana dashboard names is on /metrics (a cluster node)', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const named = new Set<string>();
    for (const p of dashboard.panels) {
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) for (const m of t.expr.matchAll(/\b((?:tandem|process|nodejs)_[a-z0-9_]+)/g)) named.add(m[1]!.replace(/_(bucket|sum|count)$/, ''));
    }
    expect(named.size).toBeGreaterThan(10);
    const schema = `tandem_metrics_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const server = await startTestServer({ DATABASE_URL: url!, DATABASE_SCHEMA: schema, REDIS_URL: redis!, REDIS_PREFIX: schema, METRICS_TOKEN });
    try {
      await fetch(`${server.url}/livez`);
      (await openRaw(server.url, 'dash-doc')).ws.close(1000);
      const text = await scrape(server.url);
      const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
      for (const name of named) expect(exposed.has(name), `${name} is on /metrics`).toBe(true);
    } finally {
      await server.dispose();
    }
  });
});
