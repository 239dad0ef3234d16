import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type Env, readInt } from './env-readers.js';

/** Where the audit log's JSON lines go: a standard stream, nowhere, or appended to a file. */
export type AuditOutput = { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'off' } | { kind: 'file'; path: string };

/** The audit log's settings (see README's configuration table and docs/operations.md, "Audit log"). */
export interface AuditConfig {
  /** `AUDIT_LOG`: `stdout` (default, each line marked `"stream":"audit"`), `stderr`, `off`, or a file path (appended to, created 0600). */
  output: AuditOutput;
  /** `AUDIT_RETENTION_DAYS`: how long entries stay in the database (default 90; 0 keeps none there, the stream still gets every line). */
  retentionDays: number;
}

/** Reads AUDIT_LOG and AUDIT_RETENTION_DAYS; throws ConfigError naming a bad one. Touches no disk (see checkAuditFile). */
export function parseAuditConfig(env: Env): AuditConfig {
  const raw = env.AUDIT_LOG?.trim() ?? '';
  const word = raw.toLowerCase();
  let output: AuditOutput;
  if (raw === '' || word === 'stdout') output = { kind: 'stdout' };
  else if (word === 'stderr' || word === 'off') output = { kind: word };
  else if (/[\u0000-\u001f]/.test(raw)) throw new ConfigError('AUDIT_LOG', 'must be stdout, stderr, off or a file path');
  else output = { kind: 'file', path: isAbsolute(raw) ? raw : resolve(raw) };
  return { output, retentionDays: readInt(env, 'AUDIT_RETENTION_DAYS', 90, 0, 36_500) };
}

/**
 * Checks that the audit file can be appended to, as start-up does before anything else: the
 * file, when it exists, is a regular file this process may write; else its folder exists and is
 * writable. Throws ConfigError('AUDIT_LOG') saying which.
 */
export function checkAuditFile(output: AuditOutput): void {
  if (output.kind !== 'file') return;
  const { path } = output;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat) {
    if (!stat.isFile()) throw new ConfigError('AUDIT_LOG', `${JSON.stringify(path)} is not a regular file (a folder?): give the path of a file to append to`);
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new ConfigError('AUDIT_LOG', `${JSON.stringify(path)} is not writable by this process`);
    }
    return;
  }
  const dir = dirname(path);
  const parent = statSync(dir, { throwIfNoEntry: false });
  if (!parent?.isDirectory()) throw new ConfigError('AUDIT_LOG', `the folder ${JSON.stringify(dir)} does not exist: create it, or give another path`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new ConfigError('AUDIT_LOG', `the folder ${JSON.stringify(dir)} is not writable by this process`);
  }
}
