import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPostgresAccountStore, createSqliteAccountStore, postgresAccountsSchemaVersion } from '@tandem/accounts-store';
import { POSTGRES_SCHEMA_VERSION, createPostgresStore, postgresSchemaVersion } from '@tandem/store-postgres';
import { SQLITE_SCHEMA_VERSION, migrateSqliteFile, sqliteSchemaVersion } from '@tandem/store-sqlite';
import type { ServerConfig } from '../config/config.js';
import { openBlobStore } from '../open-store.js';
import type { ArchiveManifest } from './archive-format.js';
import type { RestoreTarget } from './archive-read.js';
import type { BackupSource } from './archive-write.js';
import { postgresTableDb, sqliteTableDb, type TableDb } from './table-db.js';
import { TABLES } from './tables.js';

const usersTable = TABLES.find((t) => t.name === 'users')!;

/** Refuses to archive a database of another schema than this build's tables (backup/tables.ts) describe. */
function checkSchema(name: string, found: number | null, current: number): number {
  if (found === null) throw new Error(`${name} does not exist: nothing to back up (is DATA_DIR / DATABASE_URL the server's?)`);
  if (found !== current) {
    throw new Error(`${name} has schema version ${found}, this Tandem ${found < current ? 'writes' : 'knows up to'} ${current}: ${found < current ? 'run tandem migrate first' : 'use the newer Tandem that wrote it'}`);
  }
  return found;
}

/** Opens what `tandem backup archive` reads: the databases and files the configuration names. */
export async function openBackupSource(config: ServerConfig): Promise<BackupSource> {
  const { databaseUrl } = config.storage;
  const schema = config.storage.databaseSchema ?? undefined;
  let documents: TableDb | null = null;
  let accounts: TableDb | null = null;
  try {
    let schemas: ArchiveManifest['schemas'];
    if (databaseUrl) {
      const docsVersion = checkSchema('the PostgreSQL document tables', await postgresSchemaVersion(databaseUrl, schema), POSTGRES_SCHEMA_VERSION);
      documents = await postgresTableDb(databaseUrl, schema);
      accounts = await postgresTableDb(databaseUrl, schema);
      if (!(await accounts.has(usersTable))) {
        await accounts.close();
        accounts = null;
      }
      schemas = { documents: docsVersion, accounts: accounts ? await postgresAccountsSchemaVersion(databaseUrl, schema) : null };
    } else {
      const docsFile = join(config.storage.dataDir, 'tandem.db');
      const accountsFile = join(config.storage.dataDir, 'accounts.db');
      const docsVersion = checkSchema(docsFile, sqliteSchemaVersion(docsFile), SQLITE_SCHEMA_VERSION);
      documents = sqliteTableDb(docsFile, { readonly: true });
      accounts = existsSync(accountsFile) ? sqliteTableDb(accountsFile, { readonly: true }) : null;
      schemas = { documents: docsVersion, accounts: accounts ? sqliteSchemaVersion(accountsFile) : null };
    }
    const blobs = await openBlobStore(config);
    return { source: databaseUrl ? 'postgres' : 'sqlite', schemas, documents, accounts, blobs };
  } catch (err) {
    await documents?.close();
    await accounts?.close();
    throw err;
  }
}

/**
 * Opens what `tandem backup restore` writes into: the configuration's databases, created (and
 * migrated) as the server would, with account tables when the archive carries accounts.
 */
export async function openRestoreTarget(config: ServerConfig, manifest: ArchiveManifest): Promise<RestoreTarget> {
  const { databaseUrl } = config.storage;
  const schema = config.storage.databaseSchema ?? undefined;
  const withAccounts = manifest.schemas.accounts !== null;
  if (databaseUrl) {
    const opts = { connectionString: databaseUrl, ...(schema ? { schema } : {}) };
    await (await createPostgresStore(opts)).close();
    if (withAccounts) await (await createPostgresAccountStore(opts)).close();
    const documents = await postgresTableDb(databaseUrl, schema);
    const accounts = withAccounts ? await postgresTableDb(databaseUrl, schema) : null;
    return { documents, accounts, blobs: await openBlobStore(config) };
  }
  const docsFile = join(config.storage.dataDir, 'tandem.db');
  const accountsFile = join(config.storage.dataDir, 'accounts.db');
  migrateSqliteFile(docsFile);
  if (withAccounts) await createSqliteAccountStore({ path: accountsFile }).close();
  return {
    documents: sqliteTableDb(docsFile),
    accounts: withAccounts ? sqliteTableDb(accountsFile) : null,
    blobs: await openBlobStore(config),
  };
}
