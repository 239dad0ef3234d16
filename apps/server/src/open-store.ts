import { join } from 'node:path';
import type { DocStore } from '@tandem/store';
import { createPostgresStore } from '@tandem/store-postgres';
import { createSqliteStore } from '@tandem/store-sqlite';
import type { ServerConfig } from './config.js';

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openStore(config: ServerConfig): Promise<DocStore> {
  const { databaseUrl, databaseSchema } = config.cluster;
  if (databaseUrl) {
    return createPostgresStore({ connectionString: databaseUrl, ...(databaseSchema ? { schema: databaseSchema } : {}) });
  }
  return createSqliteStore({
    path: join(config.dataDir, 'tandem.db'),
    synchronous: config.sqliteSynchronous,
    writer: config.sqliteWriter,
  });
}
