import type { BenchServer } from './harness.js';
import type { ServerKind, Wire } from './wire.js';

/** One measured figure of one server in one scenario. */
export interface Metric {
  /** Stable key, e.g. `s2.fanout.deliveriesPerSec`. */
  key: string;
  label: string;
  unit: string;
  value: number | null;
  /** Which way is better, for the ratio columns. */
  better: 'higher' | 'lower';
  /** With --rounds: the figure of each round (value is their median). */
  rounds?: (number | null)[];
}

/** What a scenario run gets. */
export interface ScenarioContext {
  server: BenchServer;
  wire: Wire;
  quick: boolean;
  /** Prints a progress line. */
  log(message: string): void;
  /** Records a failed correctness check (convergence, final text); the run then exits non-zero. */
  fail(message: string): void;
}

/** A benchmark scenario, run once per server kind it applies to. */
export interface Scenario {
  id: string;
  title: string;
  /** Server kinds it can run against (the relay cannot serve a sync handshake). */
  kinds: readonly ServerKind[];
  /** Runs once even with --rounds (long scenarios, or ones that repeat inside). */
  once?: boolean;
  /** Runs only when named with --only (the browser scenario needs Chromium and is not a server comparison). */
  optIn?: boolean;
  /** Why it cannot run on this machine (e.g. a service it needs is not configured), or null when it can: it is then skipped with that reason. */
  unavailable?(): string | null;
  /** One-time work before any server runs (e.g. encoding a trace). */
  prepare?(quick: boolean, log: (m: string) => void): Promise<void>;
  run(ctx: ScenarioContext): Promise<Metric[]>;
}

/** Bytes in KiB, for memory figures. */
export const kib = (bytes: number) => bytes / 1024;

/** Heap (after a full GC) plus memory held outside it by buffers. */
export const heapOf = (r: { heapUsed: number; external: number }) => r.heapUsed + r.external;

/** A figure rounded for progress lines. */
export function fmt(v: number | null, digits = 1): string {
  return v === null ? 'n/a' : v.toFixed(digits);
}
