#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--rounds N] [--only S1,S4] [--servers tandem,hocuspocus] [--out DIR]`
 * (`--only E1`: the editor in Chromium, run only when named):
 * runs each scenario against each server (every server in its own process; with --rounds, the
 * short scenarios N times in rotated order, reporting the median of each figure), prints progress
 * lines and a markdown table, and writes latest.json and latest.md to DIR (default bench/results).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { canPin, pinLoadGenerator, startServer } from './harness.js';
import { BENCH_DIR, REPO_ROOT } from './paths.js';
import { type BenchResult, markdownTable, medianOfRuns } from './report.js';
import type { Metric } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';
import { SERVER_KINDS, SERVER_NAMES, type ServerKind, Wire } from './wire.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function version(pkg: string): string {
  try {
    const require = createRequire(join(BENCH_DIR, 'package.json'));
    const path = require.resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const quick = process.argv.includes('--quick');
const only = arg('--only')?.split(',').map((s) => s.trim().toUpperCase());
const kinds = (arg('--servers')?.split(',') as ServerKind[] | undefined) ?? [...SERVER_KINDS];
for (const k of kinds) if (!SERVER_KINDS.includes(k)) throw new Error(`--servers: unknown server ${k}; allowed: ${SERVER_KINDS.join(', ')}`);
const outDir = arg('--out') ?? join(BENCH_DIR, 'results');
const rounds = Math.max(1, Number(arg('--rounds') ?? 1) || 1);
const chosen = SCENARIOS.filter((s) => (only ? only.includes(s.id) : !s.optIn));
const skipped = chosen.flatMap((s) => {
  const reason = s.unavailable?.();
  return reason ? [`${s.id}: ${reason}`] : [];
});
const scenarios = chosen.filter((s) => !s.unavailable?.());

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const pinned = pinLoadGenerator();
const tandemVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'apps', 'server', 'package.json'), 'utf8')) as { version: string }).version;
const result: BenchResult = {
  startedAt: new Date().toISOString(),
  finishedAt: '',
  quick,
  rounds,
  machine: {
    cpus: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${type()} ${release()}`,
    pinned,
  },
  servers: {
    tandem: `Tandem ${tandemVersion} (SQLite, synchronous=FULL)`,
    'y-websocket': `@y/websocket-server ${version('@y/websocket-server')}`,
    hocuspocus: `@hocuspocus/server ${version('@hocuspocus/server')}`,
    relay: `ws ${version('ws')} relay, no Yjs`,
  },
  scenarios: [],
  failures: [],
};
for (const line of skipped) log(`skipped ${line}`);
log(`bench ${quick ? '(quick) ' : ''}on ${result.machine.cores} cores, ${pinned ? 'servers pinned to core 0, load to core 1' : canPin ? 'not pinned' : 'no taskset: not pinned'}`);

for (const scenario of scenarios) {
  const entry: BenchResult['scenarios'][number] = { id: scenario.id, title: scenario.title, results: {}, load: {} };
  result.scenarios.push(entry);
  await scenario.prepare?.(quick, (m) => log(`[${scenario.id}] ${m}`));
  const applicable = kinds.filter((k) => scenario.kinds.includes(k));
  const n = scenario.once ? 1 : rounds;
  const runs = new Map<ServerKind, Metric[][]>();
  for (let round = 0; round < n; round++) {
    // Rotate the order each round so the machine's other load falls on every server alike.
    const order = applicable.map((_, i) => applicable[(i + round) % applicable.length]!);
    for (const kind of order) {
      const tag = `[${scenario.id} ${SERVER_NAMES[kind]}${n > 1 ? ` round ${round + 1}/${n}` : ''}]`;
      const load = loadavg()[0]!;
      entry.load[kind] = Math.max(entry.load[kind] ?? 0, load);
      log(`${tag} ${scenario.title}: starting (load average ${load.toFixed(1)})`);
      const server = await startServer(kind);
      const t0 = performance.now();
      try {
        const metrics: Metric[] = await scenario.run({
          server,
          wire: new Wire(kind),
          quick,
          log: (m) => log(`${tag} ${m}`),
          fail: (m) => {
            log(`${tag} CHECK FAILED: ${m}`);
            result.failures.push(`${scenario.id} ${SERVER_NAMES[kind]}: ${m}`);
          },
        });
        runs.set(kind, [...(runs.get(kind) ?? []), metrics]);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${tag} ERROR: ${message}`);
        entry.results[kind] = { error: message };
        result.failures.push(`${scenario.id} ${SERVER_NAMES[kind]}: ${message}`);
      } finally {
        await server.stop();
      }
      log(`${tag} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  for (const [kind, list] of runs) if (!entry.results[kind]) entry.results[kind] = medianOfRuns(list);
}
result.finishedAt = new Date().toISOString();
const table = markdownTable(result);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(outDir, 'latest.md'), `${table}\n`);
process.stdout.write(`\n${table}\n\nJSON: ${join(outDir, 'latest.json')}\n`);
if (result.failures.length) {
  process.stdout.write(`\n${result.failures.length} check(s) failed:\n${result.failures.map((f) => `- ${f}`).join('\n')}\n`);
  process.exit(1);
}
process.exit(0);
