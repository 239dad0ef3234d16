import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACCOUNT_SCHEMA_VERSION, postgresAccountsSchemaVersion } from '@tandem/accounts-store';
import { SchemaTooNewError } from '@tandem/store';
import { POSTGRES_SCHEMA_VERSION, postgresSchemaVersion } from '@tandem/store-postgres';
import { SQLITE_SCHEMA_VERSION, sqliteSchemaVersion } from '@tandem/store-sqlite';
import { openAccountStore } from '../auth/create-auth.js';
import { ConfigError, parseConfig, type ServerConfig } from '../config/config.js';
import type { Env } from '../config/env-readers.js';
import { openStore } from '../open-store.js';

const USAGE = 'usage: tandem migrate [--status]';

/** One database the server keeps, with how to read its schema version and how to migrate it. */
interface Database {
  name: string;
  latest: number;
  version(): Promise<number | null>;
  /** Opens it as the server would (which migrates it) and closes it again. */
  migrate(): Promise<void>;
}

/** The databases a configuration uses: documents always, accounts in accounts mode (or when its SQLite file exists). */
function databasesOf(config: ServerConfig): Database[] {
  const { databaseUrl } = config.storage;
  const databaseSchema = config.storage.databaseSchema ?? undefined;
  const documents = async () => (await openStore(config)).close();
  const accounts = async () => (await openAccountStore(config)).close();
  const inAccountsMode = config.accounts.mode === 'accounts';
  if (databaseUrl) {
    const where = databaseSchema ? ` (schema ${databaseSchema})` : '';
    const list: Database[] = [
      { name: `documents: PostgreSQL tandem_*${where}`, latest: POSTGRES_SCHEMA_VERSION, version: () => postgresSchemaVersion(databaseUrl, databaseSchema), migrate: documents },
    ];
    if (inAccountsMode) {
      list.push({ name: `accounts: PostgreSQL tandem_users...${where}`, latest: ACCOUNT_SCHEMA_VERSION, version: () => postgresAccountsSchemaVersion(databaseUrl, databaseSchema), migrate: accounts });
    }
    return list;
  }
  const docsFile = join(config.storage.dataDir, 'tandem.db');
  const accountsFile = join(config.storage.dataDir, 'accounts.db');
  const list: Database[] = [{ name: `documents: ${docsFile}`, latest: SQLITE_SCHEMA_VERSION, version: async () => sqliteSchemaVersion(docsFile), migrate: documents }];
  if (inAccountsMode || sqliteSchemaVersion(accountsFile) !== null) {
    list.push({ name: `accounts: ${accountsFile}`, latest: ACCOUNT_SCHEMA_VERSION, version: async () => sqliteSchemaVersion(accountsFile), migrate: accounts });
  }
  return list;
}

const describeVersion = (v: number | null) => (v === null ? 'none (new)' : `schema ${v}`);

/**
 * `tandem migrate`: brings every database the configuration (the same environment as `tandem
 * serve`) uses to this build's schema, printing each one's version before and after. The server
 * does the same when it starts; this runs it on its own, e.g. before starting new nodes of a
 * cluster. `--status` only reports. Exit 0 when done (or, with --status, up to date), 1 on a
 * failure (or pending migrations with --status), 2 on wrong usage, a bad configuration, or a
 * database from a newer Tandem.
 */
export async function runMigrate(argv: readonly string[], env: Env, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let status = false;
  try {
    const parsed = parseArgs({ args: [...argv], options: { status: { type: 'boolean' } }, allowPositionals: false });
    status = parsed.values.status ?? false;
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let config: ServerConfig;
  try {
    config = parseConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`tandem migrate: invalid configuration: ${e.message}`);
    return 2;
  }
  let pending = false;
  try {
    for (const db of databasesOf(config)) {
      const before = await db.version();
      if (before !== null && before > db.latest) throw new SchemaTooNewError(db.name, before, db.latest);
      if (status) {
        const behind = before === null || before < db.latest;
        pending ||= behind;
        out(`${db.name}: ${describeVersion(before)}, this Tandem writes schema ${db.latest}${behind ? ' (migration pending)' : ' (up to date)'}`);
        continue;
      }
      await db.migrate();
      const after = await db.version();
      out(`${db.name}: ${describeVersion(before)} -> schema ${after}${before === after ? ' (up to date)' : ''}`);
    }
  } catch (e) {
    if (e instanceof SchemaTooNewError) {
      err(`tandem migrate: ${e.message}`);
      return 2;
    }
    err(`tandem migrate: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  return status && pending ? 1 : 0;
}
