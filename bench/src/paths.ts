import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ sits in it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bench package folder. */
export const BENCH_DIR = join(REPO_ROOT, 'bench');

/**
 * The automerge-paper editing trace, vendored in bench/data/editing-traces (CC BY 4.0, credit in
 * its README). BENCH_TRACE overrides it.
 */
export function tracePath(): string {
  const path = process.env.BENCH_TRACE ?? join(BENCH_DIR, 'data', 'editing-traces', 'automerge-paper.json.gz');
  if (!existsSync(path)) {
    throw new Error(
      `editing trace not found at ${path}: S4 and S5 replay automerge-paper.json.gz from ` +
        `bench/data/editing-traces/ (or set BENCH_TRACE to its path)`,
    );
  }
  return path;
}
