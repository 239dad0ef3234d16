import { type ServerConfig, parseConfig } from './config.js';
import { checkDataDir, prepareDataDir } from './data-dir.js';
import { checkAuditFile } from './audit-config.js';
import { ConfigError, type Env } from './env-readers.js';
import { unknownVariableWarnings } from './unknown-variables.js';

/** What `checkConfig` found: the configuration when it is valid, else the first error; warnings either way. */
export interface ConfigCheck {
  config: ServerConfig | null;
  error: ConfigError | null;
  warnings: readonly string[];
}

/**
 * Checks a configuration as start-up would, without starting anything and without changing the
 * disk: every value (parseConfig), the data folder (a writable folder, or one that can be made), the audit file (AUDIT_LOG),
 * and names that look like misspelt variables. What `tandem check-config` runs.
 */
export function checkConfig(env: Env): ConfigCheck {
  try {
    const config = parseConfig(env);
    if (!config.storage.databaseUrl) checkDataDir(config.storage.dataDir);
    checkAuditFile(config.audit.output);
    return { config, error: null, warnings: config.warnings };
  } catch (err) {
    if (err instanceof ConfigError) return { config: null, error: err, warnings: unknownVariableWarnings(env) };
    throw err;
  }
}

/**
 * Reads the configuration for start-up: parseConfig, then the paths made ready (the data folder
 * created, one level at a time; the audit file appendable). Throws ConfigError naming the variable, as parseConfig does.
 */
export function loadConfig(env: Env): ServerConfig {
  const config = parseConfig(env);
  if (!config.storage.databaseUrl) prepareDataDir(config.storage.dataDir);
  checkAuditFile(config.audit.output);
  return config;
}

/**
 * `tandem check-config`: prints each warning and either `configuration ok` (exit code 0) or the
 * error naming the variable (exit code 2), as start-up would.
 */
export function runCheckConfig(env: Env, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): number {
  const { config, error, warnings } = checkConfig(env);
  for (const warning of warnings) write(`tandem: warning: ${warning}`);
  if (error) {
    write(`tandem: invalid configuration: ${error.message}`);
    return 2;
  }
  const store = config!.storage.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config!.storage.dataDir}`;
  write(`tandem: configuration ok: port ${config!.port}, ${store}, AUTH_MODE=${config!.accounts.mode}`);
  return 0;
}
