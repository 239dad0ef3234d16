import { randomBytes } from 'node:crypto';
import { parseAccountsConfig, type AccountsConfig } from './accounts-config.js';
import { type MailConfig, parseMailConfig } from './mail-config.js';
import { type OidcConfig, parseOidcConfig } from './oidc-config.js';
import { ConfigError, type Env, readDuration, readEnum, readInt, readString } from './env-readers.js';
import { parseStorageConfig, readUrl, type StorageConfig } from './storage-config.js';
import { type FilesConfig, parseFilesConfig } from './files-config.js';
import { parseWebhookConfig, type WebhookConfig } from '../webhooks/webhook-config.js';
import { type MetricsConfig, parseMetricsConfig } from './metrics-config.js';
import { type AuditConfig, parseAuditConfig } from './audit-config.js';
import { parseSecurityConfig, type SecurityConfig } from './security-config.js';
import { checkEmptyValues, unknownVariableWarnings } from './unknown-variables.js';

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
  /** Least severe level that is logged (`LOG_LEVEL`, default info). */
  logLevel: LogLevel;
  /** How long a deleted document stays restorable (`TRASH_RETENTION`, default 30d). */
  trashRetentionMs: number;
  /** Quiet time after which a burst of edits gets an automatic version (`VERSION_SETTLE`, default 30s). */
  versionSettleMs: number;
  /** At most one automatic version per this long of editing (`VERSION_INTERVAL`, default 5m). */
  versionIntervalMs: number;
  /** Where everything is stored: DATA_DIR, DATABASE_URL, DATABASE_SCHEMA, SQLITE_* (storage-config.ts). */
  storage: StorageConfig;
  /** Scale-out settings (Redis relay, node identity). */
  cluster: ClusterConfig;
  /** Access control, TLS and limits (see security-config.ts and SECURITY.md). */
  security: SecurityConfig;
  /** File uploads (see files-config.ts). */
  files: FilesConfig;
  /** Webhooks (see webhooks/webhook-config.ts). */
  webhooks: WebhookConfig;
  /** People and sign-in: AUTH_MODE, sessions (see accounts-config.ts and SECURITY.md). */
  accounts: AccountsConfig;
  /** Sign-in with an OpenID Connect provider (`OIDC_*`, see oidc-config.ts); null when OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
  /** Outgoing mail for invites (`SMTP_URL`, `MAIL_FROM`, see mail-config.ts). */
  mail: MailConfig;
  /** Deprecated names that still worked, names that look misspelt, an expiring certificate: one line each, for start-up to print. */
  warnings: readonly string[];
  /** Who may read /metrics (`METRICS_TOKEN`, see metrics/metrics-config.ts). */
  metrics: MetricsConfig;
  /** The audit log: its stream and how long the database keeps it (`AUDIT_*`, see audit-config.ts). */
  audit: AuditConfig;
}

/** How this node meets the others (see docs/scaling.md); the shared store is `storage.databaseUrl`. */
export interface ClusterConfig {
  /** Redis URL (`REDIS_URL`); when set, nodes relay updates and presence to each other. */
  redisUrl: string | null;
  /** Prefix of every Redis channel and key (`REDIS_PREFIX`, default `tandem:`). */
  redisPrefix: string;
  /** This node's name in the cluster (`NODE_ID`, default random). */
  nodeId: string;
  /** A node silent for this long is dead and its presence removed (`NODE_TTL`, default 15s). */
  nodeTtlMs: number;
}

function readClusterConfig(env: Env): ClusterConfig {
  const config: ClusterConfig = {
    redisUrl: readUrl(env, 'REDIS_URL', ['redis', 'rediss']),
    redisPrefix: readString(env, 'REDIS_PREFIX', 'tandem:', /^[A-Za-z0-9:._-]{1,64}$/, '1-64 characters of [A-Za-z0-9:._-]'),
    nodeId: readString(env, 'NODE_ID', `node-${randomBytes(4).toString('hex')}`, /^[A-Za-z0-9._-]{1,64}$/, '1-64 characters of [A-Za-z0-9._-]'),
    nodeTtlMs: readDuration(env, 'NODE_TTL', '15s', 300, 600_000),
  };
  return config;
}

/**
 * Reads the configuration from `env`; throws ConfigError naming the first bad variable (a known
 * variable set but empty is one). Variables that look meant for Tandem but are not read become
 * warnings with the nearest known name.
 */
export function parseConfig(env: Env = process.env): ServerConfig {
  checkEmptyValues(env);
  const warnings: string[] = unknownVariableWarnings(env);
  const config: ServerConfig = {
    port: readInt(env, 'PORT', 1234, 0, 65535),
    host: readString(env, 'HOST', '0.0.0.0', /^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    trashRetentionMs: readDuration(env, 'TRASH_RETENTION', '30d'),
    versionSettleMs: readDuration(env, 'VERSION_SETTLE', '30s'),
    versionIntervalMs: readDuration(env, 'VERSION_INTERVAL', '5m'),
    storage: parseStorageConfig(env),
    cluster: readClusterConfig(env),
    security: parseSecurityConfig(env, warnings),
    files: parseFilesConfig(env),
    webhooks: parseWebhookConfig(env),
    accounts: parseAccountsConfig(env),
    oidc: parseOidcConfig(env),
    mail: parseMailConfig(env),
    warnings,
    metrics: parseMetricsConfig(env),
    audit: parseAuditConfig(env),
  };
  if (config.cluster.redisUrl && !config.storage.databaseUrl) {
    throw new ConfigError('REDIS_URL', 'needs DATABASE_URL as well: the nodes of a cluster must share one PostgreSQL store');
  }
  if (config.oidc && config.accounts.mode !== 'accounts') {
    throw new ConfigError('OIDC_ISSUER', 'needs AUTH_MODE=accounts: sign-in with an identity provider makes accounts');
  }
  return config;
}
