/** @tandem/store-postgres: a DocStore on PostgreSQL that several Tandem nodes share. */
export { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { POSTGRES_SCHEMA_VERSION } from './schema.js';
export { postgresSchemaVersion } from './schema-status.js';
