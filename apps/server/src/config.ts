import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseAccountsConfig, type AccountsConfig } from './auth/accounts-config.js';
import { type MailConfig, parseMailConfig } from './mail/mail-config.js';
import { type OidcConfig, parseOidcConfig } from './oidc/oidc-config.js';
import { ConfigError, type Env, readDuration, readEnum, readInt, readString } from './env-readers.js';
import { type FilesConfig, parseFilesConfig } from './files/files-config.js';
import { parseWebhookConfig, type WebhookConfig } from './webhooks/webhook-config.js';
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
  /** How long a deleted document stays restorable (`TRASH_RETENTION`, default 30d). */
  trashRetentionMs: number;
  /** Quiet time after which a burst of edits gets an automatic version (`VERSION_SETTLE`, default 30s). */
  versionSettleMs: number;
  /** At most one automatic version per this long of editing (`VERSION_INTERVAL`, default 5m). */
  versionIntervalMs: number;
  /** Scale-out settings (PostgreSQL store, Redis relay, node identity). */
  cluster: ClusterConfig;
  /** Access control, TLS and limits (see security-config.ts and SECURITY.md). */
  security: SecurityConfig;
  /** File uploads (see files/files-config.ts). */
  files: FilesConfig;
  /** Webhooks (see webhooks/webhook-config.ts). */
  webhooks: WebhookConfig;
  /** People and sign-in: AUTH_MODE, sessions (see auth/accounts-config.ts and SECURITY.md). */
  accounts: AccountsConfig;
  /** Sign-in with an OpenID Connect provider (`OIDC_*`, see oidc/oidc-config.ts); null when OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
  /** Outgoing mail for invites (`SMTP_URL`, `MAIL_FROM`, see mail/mail-config.ts). */
  mail: MailConfig;
  /**
   * SQLite sync mode (`SQLITE_SYNCHRONOUS`, default full): `full` syncs every commit to disk before
   * an update is relayed; `normal` survives a crash of the process but not of the machine.
   */
  sqliteSynchronous: (typeof SQLITE_SYNCHRONOUS)[number];
  /**
   * Where SQLite commits run (`SQLITE_WRITER`, default auto): `thread` on a connection in a worker
   * thread, so the event loop never waits for a disk sync; `inline` on the event loop (no thread
   * handoff, the faster choice when the process has one core, see docs/performance.md); `auto`
   * picks `thread` when the process may run on more than one core, else `inline`.
   */
  sqliteWriter: (typeof SQLITE_WRITER)[number];
}

/** Where documents are stored and how this node meets the others (see docs/scaling.md). */
export interface ClusterConfig {
  /** PostgreSQL URL (`DATABASE_URL`); when set it replaces the SQLite file in DATA_DIR. */
  databaseUrl: string | null;
  /** Schema of Tandem's tables (`DATABASE_SCHEMA`; default: the server's search_path). */
  databaseSchema: string | null;
  /** Redis URL (`REDIS_URL`); when set, nodes relay updates and presence to each other. */
  redisUrl: string | null;
  /** Prefix of every Redis channel and key (`REDIS_PREFIX`, default `tandem:`). */
  redisPrefix: string;
  /** This node's name in the cluster (`NODE_ID`, default random). */
  nodeId: string;
  /** A node silent for this long is dead and its presence removed (`NODE_TTL`, default 15s). */
  nodeTtlMs: number;
}

/** Allowed values of SQLITE_SYNCHRONOUS. */
export const SQLITE_SYNCHRONOUS = ['full', 'normal'] as const;

/** Allowed values of SQLITE_WRITER. */
export const SQLITE_WRITER = ['auto', 'thread', 'inline'] as const;

function readUrl(env: Env, name: string, schemes: readonly string[]): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  let scheme: string;
  try {
    scheme = new URL(raw).protocol.replace(/:$/, '');
  } catch {
    throw new ConfigError(name, `must be a URL (${schemes.map((s) => `${s}://`).join(' or ')}...), got something else`);
  }
  if (!schemes.includes(scheme)) {
    throw new ConfigError(name, `must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL, got a ${scheme}:// URL`);
  }
  return raw;
}

function readClusterConfig(env: Env): ClusterConfig {
  const config: ClusterConfig = {
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    databaseSchema:
      readString(env, 'DATABASE_SCHEMA', '', /^[A-Za-z_][A-Za-z0-9_]{0,62}$/, '1-63 letters, digits or underscores, not starting with a digit') ||
      null,
    redisUrl: readUrl(env, 'REDIS_URL', ['redis', 'rediss']),
    redisPrefix: readString(env, 'REDIS_PREFIX', 'tandem:', /^[A-Za-z0-9:._-]{1,64}$/, '1-64 characters of [A-Za-z0-9:._-]'),
    nodeId: readString(env, 'NODE_ID', `node-${randomBytes(4).toString('hex')}`, /^[A-Za-z0-9._-]{1,64}$/, '1-64 characters of [A-Za-z0-9._-]'),
    nodeTtlMs: readDuration(env, 'NODE_TTL', '15s'),
  };
  if (config.nodeTtlMs < 300 || config.nodeTtlMs > 600_000) {
    throw new ConfigError('NODE_TTL', `must be from 300ms to 10m, got ${JSON.stringify(env.NODE_TTL)}`);
  }
  if (config.redisUrl && !config.databaseUrl) {
    throw new ConfigError('REDIS_URL', 'needs DATABASE_URL as well: the nodes of a cluster must share one PostgreSQL store');
  }
  return config;
}

/** Reads the configuration from `env`; throws ConfigError naming the first bad variable. */
export function parseConfig(env: Env = process.env): ServerConfig {
  const config: ServerConfig = {
    port: readInt(env, 'PORT', 1234, 0, 65535),
    host: readString(env, 'HOST', '0.0.0.0', /^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
    dataDir: resolve(readString(env, 'DATA_DIR', './data')),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    trashRetentionMs: readDuration(env, 'TRASH_RETENTION', '30d'),
    versionSettleMs: readDuration(env, 'VERSION_SETTLE', '30s'),
    versionIntervalMs: readDuration(env, 'VERSION_INTERVAL', '5m'),
    cluster: readClusterConfig(env),
    security: parseSecurityConfig(env),
    files: parseFilesConfig(env),
    webhooks: parseWebhookConfig(env),
    accounts: parseAccountsConfig(env),
    oidc: parseOidcConfig(env),
    mail: parseMailConfig(env),
    sqliteSynchronous: readEnum(env, 'SQLITE_SYNCHRONOUS', SQLITE_SYNCHRONOUS, 'full'),
    sqliteWriter: readEnum(env, 'SQLITE_WRITER', SQLITE_WRITER, 'auto'),
  };
  if (config.oidc && config.accounts.mode !== 'accounts') {
    throw new ConfigError('OIDC_ISSUER', 'needs AUTH_MODE=accounts: sign-in with an identity provider makes accounts');
  }
  return config;
}
