import { resolve } from 'node:path';
import { ConfigError, type Env, readEnum, readInt, readString } from './env-readers.js';
import { parseSecurityConfig, type SecurityConfig } from './security-config.js';

export { ConfigError };

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
  /** Access control, TLS and limits (see security-config.ts and SECURITY.md). */
  security: SecurityConfig;
}

/** Reads the configuration from `env`; throws ConfigError naming the first bad variable. */
export function parseConfig(env: Env = process.env): ServerConfig {
  return {
    port: readInt(env, 'PORT', 1234, 0, 65535),
    host: readString(env, 'HOST', '0.0.0.0', /^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
    dataDir: resolve(readString(env, 'DATA_DIR', './data')),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    security: parseSecurityConfig(env),
  };
}
