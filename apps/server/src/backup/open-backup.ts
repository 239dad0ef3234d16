import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPostgresAccountStore,
  createPostgresAuditStore,
  createSqliteAccountStore,
  createSqliteAuditStore,
  postgresAccountsSchemaVersion,
  postgresAuditSchemaVersion,
} from '@tandem/accounts-store';
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
const auditTable = TABLES.find((t) => t.name === 'audit')!;

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
  let audit: TableDb | null = null;
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
      audit = await postgresTableDb(databaseUrl, schema);
      if (!(await audit.has(auditTable))) {
        await audit.close();
        audit = null;
      }
      schemas = {
        documents: docsVersion,
        accounts: accounts ? await postgresAccountsSchemaVersion(databaseUrl, schema) : null,
        audit: audit ? await postgresAuditSchemaVersion(databaseUrl, schema) : null,
      };
    } else {
      const docsFile = join(config.storage.dataDir, 'tandem.db');
      const accountsFile = join(config.storage.dataDir, 'accounts.db');
      const auditFile = join(config.storage.dataDir, 'audit.db');
      const docsVersion = checkSchema(docsFile, sqliteSchemaVersion(docsFile), SQLITE_SCHEMA_VERSION);
      documents = sqliteTableDb(docsFile, { readonly: true });
      accounts = existsSync(accountsFile) ? sqliteTableDb(accountsFile, { readonly: true }) : null;
      audit = existsSync(auditFile) ? sqliteTableDb(auditFile, { readonly: true }) : null;
      schemas = {
        documents: docsVersion,
        accounts: accounts ? sqliteSchemaVersion(accountsFile) : null,
        audit: audit ? sqliteSchemaVersion(auditFile) : null,
      };
    }
    const blobs = await openBlobStore(config);
    return { source: databaseUrl ? 'postgres' : 'sqlite', schemas, documents, accounts, audit, blobs };
  } catch (err) {
    await documents?.close();
    await accounts?.close();
    await audit?.close();
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
  const withAudit = manifest.schemas.audit != null;
  if (databaseUrl) {
    const opts = { connectionString: databaseUrl, ...(schema ? { schema } : {}) };
    await (await createPostgresStore(opts)).close();
    if (withAccounts) await (await createPostgresAccountStore(opts)).close();
    if (withAudit) await (await createPostgresAuditStore(opts)).close();
    const documents = await postgresTableDb(databaseUrl, schema);
    const accounts = withAccounts ? await postgresTableDb(databaseUrl, schema) : null;
    const audit = withAudit ? await postgresTableDb(databaseUrl, schema) : null;
    return { documents, accounts, audit, blobs: await openBlobStore(config) };
  }
  const docsFile = join(config.storage.dataDir, 'tandem.db');
  const accountsFile = join(config.storage.dataDir, 'accounts.db');
  const auditFile = join(config.storage.dataDir, 'audit.db');
  migrateSqliteFile(docsFile);
  if (withAccounts) await createSqliteAccountStore({ path: accountsFile }).close();
  if (withAudit) await createSqliteAuditStore({ path: auditFile }).close();
  return {
    documents: sqliteTableDb(docsFile),
    accounts: withAccounts ? sqliteTableDb(accountsFile) : null,
    audit: withAudit ? sqliteTableDb(auditFile) : null,
    blobs: await openBlobStore(config),
  };
}
