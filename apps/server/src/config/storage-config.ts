import { resolve } from 'node:path';
import { ConfigError, type Env, readEnum, readString } from './env-readers.js';

/** Allowed values of SQLITE_SYNCHRONOUS. */
export const SQLITE_SYNCHRONOUS = ['full', 'normal'] as const;

/** Allowed values of SQLITE_WRITER. */
export const SQLITE_WRITER = ['auto', 'thread', 'inline'] as const;

/** Where documents, versions, accounts and files are kept (see docs/scaling.md). */
export interface StorageConfig {
  /** Folder of the embedded databases and stored files (`DATA_DIR`, default ./data), absolute. */
  dataDir: string;
  /** PostgreSQL URL (`DATABASE_URL`); when set it replaces the SQLite files in DATA_DIR. */
  databaseUrl: string | null;
  /** Schema of Tandem's tables (`DATABASE_SCHEMA`; default: the server's search_path). */
  databaseSchema: string | null;
  /**
   * SQLite sync mode (`SQLITE_SYNCHRONOUS`, default full): `full` syncs every commit to disk before
   * an update is relayed; `normal` survives a crash of the process but not of the machine.
   */
  sqliteSynchronous: (typeof SQLITE_SYNCHRONOUS)[number];
  /**
   * Where SQLite commits run (`SQLITE_WRITER`, default auto): `thread` on a connection in a worker
   * thread, so the event loop never waits for a disk sync; `inline` on the event loop (no thread
   * handoff, the faster choice when the process has one core, see docs/performance.md; the WAL's
   * disk sync still runs off the loop when synchronous is full); `auto`
   * picks `thread` when the process may run on more than one core, else `inline`.
   */
  sqliteWriter: (typeof SQLITE_WRITER)[number];
}

/**
 * A `schemes` URL with a host, or null when unset; ConfigError naming `name` otherwise (the value
 * itself is never shown: it may hold a password). `socketHost` also takes a URL whose host is a
 * `?host=/path` query parameter (PostgreSQL's Unix socket form, `postgres:///db?host=/run/postgresql`).
 */
export function readUrl(env: Env, name: string, schemes: readonly string[], socketHost = false): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  const example = `${schemes[0]}://user:password@host:port/...`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${schemes.map((s) => `${s}://`).join(' or ')}...), got something else`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    throw new ConfigError(name, `must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL, got a ${scheme}:// URL`);
  }
  if (!url.hostname && !(socketHost && url.searchParams.get('host'))) {
    throw new ConfigError(name, `needs a host, like ${example}${socketHost ? ' (or ?host=/path/to/socket)' : ''}`);
  }
  return raw;
}

/** Reads the storage settings; throws ConfigError naming the first bad variable. */
export function parseStorageConfig(env: Env): StorageConfig {
  return {
    dataDir: resolve(readString(env, 'DATA_DIR', './data')),
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres', 'postgresql'], true),
    databaseSchema:
      readString(env, 'DATABASE_SCHEMA', '', /^[A-Za-z_][A-Za-z0-9_]{0,62}$/, '1-63 letters, digits or underscores, not starting with a digit') ||
      null,
    sqliteSynchronous: readEnum(env, 'SQLITE_SYNCHRONOUS', SQLITE_SYNCHRONOUS, 'full'),
    sqliteWriter: readEnum(env, 'SQLITE_WRITER', SQLITE_WRITER, 'auto'),
  };
}
