import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { ConfigError } from './env-readers.js';

/** The part of `dir` that exists (its nearest existing ancestor) and the names below it still to make. */
function splitExisting(dir: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const stat = statSync(at, { throwIfNoEntry: false });
    if (stat) {
      if (!stat.isDirectory()) {
        throw new ConfigError('DATA_DIR', missing.length ? `${JSON.stringify(at)} is a file, so ${JSON.stringify(dir)} cannot be a folder` : `must be a folder, ${JSON.stringify(dir)} is a file`);
      }
      return { existing: at, missing };
    }
    const parent = dirname(at);
    if (parent === at) return { existing: at, missing }; // a root that does not exist (a missing drive)
    missing.unshift(basename(at));
    at = parent;
  }
}

function assertWritable(dir: string, what: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new ConfigError('DATA_DIR', `${what} ${JSON.stringify(dir)} is not writable by this process`);
  }
}

/**
 * Makes the data folder, one level at a time, or throws ConfigError('DATA_DIR') saying why it
 * cannot be. Never Node's `mkdir({ recursive: true })`: on a path it cannot create, such as one
 * under /proc, that loops forever on the event loop (100% CPU, deaf to SIGTERM).
 */
export function prepareDataDir(dir: string): void {
  const { existing, missing } = splitExisting(dir);
  assertWritable(existing, missing.length ? 'the folder above it,' : 'the folder');
  let at = existing;
  for (const name of missing) {
    at = at.endsWith(sep) ? at + name : join(at, name);
    try {
      mkdirSync(at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new ConfigError('DATA_DIR', `cannot create the folder ${JSON.stringify(at)} (${code})`);
    }
  }
}

/**
 * Checks that the data folder is, or can be made, a writable folder, and leaves the disk as it
 * was: the first missing level is made and removed again (the only sure test on file systems
 * such as /proc, where access() says yes and mkdir() says no).
 */
export function checkDataDir(dir: string): void {
  const { existing, missing } = splitExisting(dir);
  assertWritable(existing, missing.length ? 'the folder above it,' : 'the folder');
  if (missing.length === 0) return;
  const probe = existing.endsWith(sep) ? existing + missing[0] : join(existing, missing[0]!);
  try {
    mkdirSync(probe);
  } catch (err) {
    throw new ConfigError('DATA_DIR', `cannot create the folder ${JSON.stringify(probe)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  rmdirSync(probe);
}
