import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPostgresAccountStore,
  createPostgresAuditStore,
  createPostgresWebhookStore,
  createSqliteAccountStore,
  createSqliteAuditStore,
  createSqliteWebhookStore,
  postgresAccountsSchemaVersion,
  postgresAuditSchemaVersion,
  postgresWebhooksSchemaVersion,
} from '@tandem/accounts-store';
import { POSTGRES_SCHEMA_VERSION, createPostgresStore, postgresSchemaVersion } from '@tandem/store-postgres';
import { SQLITE_SCHEMA_VERSION, migrateSqliteFile, sqliteSchemaVersion } from '@tandem/store-sqlite';
import type { ServerConfig } from '../config/config.js';
import { openBlobStore } from '../open-store.js';
import type { ArchiveManifest } from './archive-format.js';
import type { RestoreTarget } from './archive-read.js';
import type { BackupSource } from './archive-write.js';
import { postgresTableDb, sqliteTableDb, type TableDb } from './table-db.js';
import { TABLES, type TableSpec } from './tables.js';

const usersTable = TABLES.find((t) => t.name === 'users')!;
const auditTable = TABLES.find((t) => t.name === 'audit')!;
const webhooksTable = TABLES.find((t) => t.name === 'webhook_endpoints')!;

/** A connection to the PostgreSQL database when it holds `spec`'s table (the database's marker), else null. */
async function postgresWith(spec: TableSpec, databaseUrl: string, schema: string | undefined): Promise<TableDb | null> {
  const db = await postgresTableDb(databaseUrl, schema);
  if (await db.has(spec)) return db;
  await db.close();
  return null;
}

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
  let webhooks: TableDb | null = null;
  try {
    let schemas: ArchiveManifest['schemas'];
    if (databaseUrl) {
      const docsVersion = checkSchema('the PostgreSQL document tables', await postgresSchemaVersion(databaseUrl, schema), POSTGRES_SCHEMA_VERSION);
      documents = await postgresTableDb(databaseUrl, schema);
      accounts = await postgresWith(usersTable, databaseUrl, schema);
      audit = await postgresWith(auditTable, databaseUrl, schema);
      webhooks = await postgresWith(webhooksTable, databaseUrl, schema);
      schemas = {
        documents: docsVersion,
        accounts: accounts ? await postgresAccountsSchemaVersion(databaseUrl, schema) : null,
        audit: audit ? await postgresAuditSchemaVersion(databaseUrl, schema) : null,
        webhooks: webhooks ? await postgresWebhooksSchemaVersion(databaseUrl, schema) : null,
      };
    } else {
      const docsFile = join(config.storage.dataDir, 'tandem.db');
      const accountsFile = join(config.storage.dataDir, 'accounts.db');
      const auditFile = join(config.storage.dataDir, 'audit.db');
      const webhooksFile = join(config.storage.dataDir, 'webhooks.db');
      const docsVersion = checkSchema(docsFile, sqliteSchemaVersion(docsFile), SQLITE_SCHEMA_VERSION);
      documents = sqliteTableDb(docsFile, { readonly: true });
      accounts = existsSync(accountsFile) ? sqliteTableDb(accountsFile, { readonly: true }) : null;
      audit = existsSync(auditFile) ? sqliteTableDb(auditFile, { readonly: true }) : null;
      webhooks = existsSync(webhooksFile) ? sqliteTableDb(webhooksFile, { readonly: true }) : null;
      schemas = {
        documents: docsVersion,
        accounts: accounts ? sqliteSchemaVersion(accountsFile) : null,
        audit: audit ? sqliteSchemaVersion(auditFile) : null,
        webhooks: webhooks ? sqliteSchemaVersion(webhooksFile) : null,
      };
    }
    const blobs = await openBlobStore(config);
    return { source: databaseUrl ? 'postgres' : 'sqlite', schemas, documents, accounts, audit, webhooks, blobs };
  } catch (err) {
    await documents?.close();
    await accounts?.close();
    await audit?.close();
    await webhooks?.close();
    throw err;
  }
}

/**
 * Opens what `tandem backup restore` writes into: the configuration's databases, created (and
 * migrated) as the server would, with account, audit and webhook tables when the archive carries
 * them (an archive from before the webhooks leaves them to the server, which creates them empty).
 */
export async function openRestoreTarget(config: ServerConfig, manifest: ArchiveManifest): Promise<RestoreTarget> {
  const { databaseUrl } = config.storage;
  const schema = config.storage.databaseSchema ?? undefined;
  const withAccounts = manifest.schemas.accounts !== null;
  const withAudit = manifest.schemas.audit != null;
  const withWebhooks = manifest.schemas.webhooks != null;
  if (databaseUrl) {
    const opts = { connectionString: databaseUrl, ...(schema ? { schema } : {}) };
    await (await createPostgresStore(opts)).close();
    if (withAccounts) await (await createPostgresAccountStore(opts)).close();
    if (withAudit) await (await createPostgresAuditStore(opts)).close();
    if (withWebhooks) await (await createPostgresWebhookStore(opts)).close();
    const documents = await postgresTableDb(databaseUrl, schema);
    const accounts = withAccounts ? await postgresTableDb(databaseUrl, schema) : null;
    const audit = withAudit ? await postgresTableDb(databaseUrl, schema) : null;
    const webhooks = withWebhooks ? await postgresTableDb(databaseUrl, schema) : null;
    return { documents, accounts, audit, webhooks, blobs: await openBlobStore(config) };
  }
  const docsFile = join(config.storage.dataDir, 'tandem.db');
  const accountsFile = join(config.storage.dataDir, 'accounts.db');
  const auditFile = join(config.storage.dataDir, 'audit.db');
  const webhooksFile = join(config.storage.dataDir, 'webhooks.db');
  migrateSqliteFile(docsFile);
  if (withAccounts) await createSqliteAccountStore({ path: accountsFile }).close();
  if (withAudit) await createSqliteAuditStore({ path: auditFile }).close();
  if (withWebhooks) await createSqliteWebhookStore({ path: webhooksFile }).close();
  return {
    documents: sqliteTableDb(docsFile),
    accounts: withAccounts ? sqliteTableDb(accountsFile) : null,
    audit: withAudit ? sqliteTableDb(auditFile) : null,
    webhooks: withWebhooks ? sqliteTableDb(webhooksFile) : null,
    blobs: await openBlobStore(config),
  };
}
