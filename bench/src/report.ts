import type { Metric } from './scenario.js';
import { SERVER_NAMES, type ServerKind } from './wire.js';

/** Everything one run measured, as written to the JSON file. */
export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  /** How many times the repeatable scenarios ran (figures are medians across rounds). */
  rounds: number;
  machine: { cpus: string; cores: number; memoryGiB: number; node: string; os: string; pinned: boolean };
  servers: Record<ServerKind, string>;
  /** scenario id -> server kind -> metrics */
  scenarios: {
    id: string;
    title: string;
    results: Partial<Record<ServerKind, Metric[] | { error: string }>>;
    /** The machine's 1-minute load average when each server's run started (other work on it). */
    load: Partial<Record<ServerKind, number>>;
  }[];
  failures: string[];
}

/** One server's figures over several rounds: each the median of its rounds, every round kept. */
export function medianOfRuns(runs: readonly Metric[][]): Metric[] {
  if (runs.length === 1) return runs[0]!;
  return runs[0]!.map((m) => {
    const values = runs.map((r) => r.find((x) => x.key === m.key)?.value ?? null);
    const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    const mid = present.length / 2;
    const value = present.length === 0 ? null : present.length % 2 ? present[Math.floor(mid)]! : (present[mid - 1]! + present[mid]!) / 2;
    return { ...m, value, rounds: values };
  });
}

/** Peers the ratio columns compare Tandem with. */
export const PEERS: readonly ServerKind[] = ['y-websocket', 'hocuspocus', 'relay'];

/** Tandem's advantage over a peer on one metric: above 1 means Tandem is better. */
export function advantage(metric: Metric, peer: Metric | undefined): number | null {
  const t = metric.value;
  const o = peer?.value;
  if (t === null || o === null || o === undefined) return null;
  if (metric.better === 'higher') return o === 0 ? null : t / o;
  if (t === 0) return o === 0 ? 1 : null;
  return o / t;
}

function num(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** One metric row per figure: each server's value and Tandem's advantage over each peer. */
export function rows(result: BenchResult): { metric: Metric; values: Partial<Record<ServerKind, Metric>>; ratios: Partial<Record<ServerKind, number | null>> }[] {
  const out: ReturnType<typeof rows> = [];
  for (const s of result.scenarios) {
    const tandem = s.results.tandem;
    const keys: Metric[] = [];
    for (const r of Object.values(s.results)) {
      if (!Array.isArray(r)) continue;
      for (const m of r) if (!keys.some((k) => k.key === m.key)) keys.push(m);
    }
    for (const key of keys) {
      const values: Partial<Record<ServerKind, Metric>> = {};
      for (const [kind, r] of Object.entries(s.results) as [ServerKind, Metric[] | { error: string }][]) {
        if (Array.isArray(r)) {
          const m = r.find((x) => x.key === key.key);
          if (m) values[kind] = m;
        }
      }
      const ratios: Partial<Record<ServerKind, number | null>> = {};
      const t = Array.isArray(tandem) ? tandem.find((x) => x.key === key.key) : undefined;
      for (const peer of PEERS) ratios[peer] = t ? advantage(t, values[peer]) : null;
      out.push({ metric: t ?? key, values, ratios });
    }
  }
  return out;
}

/** The markdown table: figures per server, then Tandem's advantage (x, >1 = Tandem better). */
export function markdownTable(result: BenchResult): string {
  const kinds: ServerKind[] = ['tandem', 'y-websocket', 'hocuspocus', 'relay'];
  const head = ['figure', 'unit', ...kinds.map((k) => SERVER_NAMES[k]), ...PEERS.map((p) => `vs ${SERVER_NAMES[p]}`)];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const { metric, values, ratios } of rows(result)) {
    const cells = [
      metric.label,
      `${metric.unit} (${metric.better === 'higher' ? 'higher' : 'lower'} is better)`,
      ...kinds.map((k) => num(values[k]?.value ?? null)),
      ...PEERS.map((p) => (ratios[p] === null || ratios[p] === undefined ? 'n/a' : `${num(ratios[p]!)}x`)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const errors = result.scenarios.flatMap((s) =>
    Object.entries(s.results)
      .filter(([, r]) => !Array.isArray(r))
      .map(([k, r]) => `- ${s.id} on ${SERVER_NAMES[k as ServerKind]}: ${(r as { error: string }).error}`),
  );
  return [...lines, ...(errors.length ? ['', 'Errors:', ...errors] : [])].join('\n');
}
