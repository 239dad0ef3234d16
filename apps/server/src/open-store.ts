import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, createFsBlobStore, createPostgresBlobStore } from '@tandem/blob-store';
import type { DocStore } from '@tandem/store';
import { createPostgresStore } from '@tandem/store-postgres';
import { createSqliteStore } from '@tandem/store-sqlite';
import type { ServerConfig } from './config/config.js';
import type { StorageConfig } from './config/storage-config.js';

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openStore(config: ServerConfig): Promise<DocStore> {
  const { databaseUrl, databaseSchema } = config.storage;
  if (databaseUrl) {
    return createPostgresStore({ connectionString: databaseUrl, ...(databaseSchema ? { schema: databaseSchema } : {}) });
  }
  return createSqliteStore({
    path: join(config.storage.dataDir, 'tandem.db'),
    synchronous: config.storage.sqliteSynchronous,
    writer: sqliteWriter(config.storage.sqliteWriter),
  });
}

/**
 * Where SQLite commits run. `auto` gives them a thread only when this process may use more than
 * one core (its CPU affinity counts): on one core the thread handoff costs more than it saves.
 */
export function sqliteWriter(setting: StorageConfig['sqliteWriter'], cores = availableParallelism()): 'thread' | 'inline' {
  if (setting !== 'auto') return setting;
  return cores > 1 ? 'thread' : 'inline';
}

/**
 * Opens the file store: an S3-compatible bucket when S3_BUCKET is set, else PostgreSQL when
 * DATABASE_URL is set (every node serves every file), else `DATA_DIR/files`.
 */
export async function openBlobStore(config: ServerConfig): Promise<BlobStore> {
  const { databaseUrl, databaseSchema } = config.storage;
  const { s3 } = config.files;
  if (s3) {
    // loaded only here: the S3 SDK is about 5 MB of heap that a server without a bucket never needs
    const { createS3BlobStore } = await import('@tandem/blob-store/s3');
    return createS3BlobStore({
      bucket: s3.bucket,
      prefix: s3.prefix,
      client: { region: s3.region, forcePathStyle: s3.forcePathStyle, ...(s3.endpoint ? { endpoint: s3.endpoint } : {}) },
    });
  }
  if (databaseUrl) {
    return createPostgresBlobStore({ connectionString: databaseUrl, ...(databaseSchema ? { schema: databaseSchema } : {}) });
  }
  return createFsBlobStore({ dir: join(config.storage.dataDir, 'files') });
}
