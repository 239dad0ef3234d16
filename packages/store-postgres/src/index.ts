/** @tandem/store-postgres: a DocStore on PostgreSQL that several Tandem nodes share. */
export { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
