import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const cli = join(root, 'bench', 'dist', 'cli.js');

interface Metric {
  key: string;
  value: number | null;
}

/**
 * Smoke test of `pnpm bench --quick`: every default scenario runs against every server it applies to,
 * the sample clients' convergence checks pass, and the JSON holds a figure for each. No timing
 * assertions: speed targets live in the benchmark itself.
 */
describe('pnpm bench --quick', () => {
  it('runs every scenario against every server and writes the table and JSON', () => {
    expect(existsSync(cli), 'bench/dist/cli.js is missing: run `pnpm build` (pnpm test builds first)').toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'bench-quick-'));
    try {
      const run = spawnSync(process.execPath, [cli, '--quick', '--out', out], { cwd: root, encoding: 'utf8', timeout: 240_000 });
      expect(run.status, `bench --quick failed:\n${run.stdout}\n${run.stderr.slice(-3000)}`).toBe(0);
      expect(run.stdout).toContain('| S2 fan-out deliveries/s |');
      const result = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as {
        failures: string[];
        scenarios: { id: string; results: Record<string, Metric[] | { error: string }> }[];
      };
      expect(result.failures).toEqual([]);
      // C1 (the cluster) runs where PostgreSQL and Redis are configured, as on CI
      const cluster = process.env.DATABASE_URL && process.env.REDIS_URL ? ['C1'] : [];
      expect(result.scenarios.map((s) => s.id)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', ...cluster]);
      for (const s of result.scenarios) {
        for (const kind of s.id === 'C1' ? ['tandem'] : ['tandem', 'y-websocket', 'hocuspocus']) {
          const metrics = s.results[kind];
          expect(Array.isArray(metrics), `${s.id} ${kind}: ${JSON.stringify(metrics)}`).toBe(true);
          for (const m of metrics as Metric[]) {
            if (m.key === 's2.rampP99' || m.key.startsWith('s1.mem')) continue; // may be n/a or noisy at this size
            expect(m.value, `${s.id} ${kind} ${m.key}`).not.toBeNull();
          }
        }
      }
      expect(readFileSync(join(out, 'latest.md'), 'utf8')).toContain('| figure | unit | Tandem |');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 250_000);
});
