import { resolve } from 'node:path';

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's configuration, parsed and validated from the environment once, at start-up. */
export interface ServerConfig {
  /** TCP port to listen on (`PORT`, default 1234; 0 picks a free port). */
  port: number;
  /** Address to bind (`HOST`, default 0.0.0.0). */
  host: string;
  /** Folder of the embedded database (`DATA_DIR`, default ./data). */
  dataDir: string;
  /** Least severe level that is logged (`LOG_LEVEL`, default info). */
  logLevel: LogLevel;
  /**
   * SQLite sync mode (`SQLITE_SYNCHRONOUS`, default full): `full` syncs every commit to disk before
   * an update is relayed; `normal` survives a crash of the process but not of the machine.
   */
  sqliteSynchronous: (typeof SQLITE_SYNCHRONOUS)[number];
}

/** Allowed values of SQLITE_SYNCHRONOUS. */
export const SQLITE_SYNCHRONOUS = ['full', 'normal'] as const;

/** A configuration value that is not allowed; the message names the variable and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(env[name])}`);
  }
  return raw as T;
}

function readString(env: Env, name: string, fallback: string, pattern?: RegExp, what?: string): string {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (pattern && !pattern.test(raw.trim())) throw new ConfigError(name, `must be ${what}, got ${JSON.stringify(raw)}`);
  return raw.trim();
}

/** Reads the configuration from `env`; throws ConfigError naming the first bad variable. */
export function parseConfig(env: Env = process.env): ServerConfig {
  return {
    port: readInt(env, 'PORT', 1234, 0, 65535),
    host: readString(env, 'HOST', '0.0.0.0', /^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
    dataDir: resolve(readString(env, 'DATA_DIR', './data')),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    sqliteSynchronous: readEnum(env, 'SQLITE_SYNCHRONOUS', SQLITE_SYNCHRONOUS, 'full'),
  };
}
