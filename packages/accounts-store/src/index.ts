/**
 * @tandem/accounts-store: where people, sessions and document access live. The AccountStore
 * interface, an adapter on SQLite (the default, a file beside the documents) and one on
 * PostgreSQL (a cluster). The conformance suite is `@tandem/accounts-store/conformance`.
 */
export type { AccountStore, Grant, Invite, NewUser, Notification, SessionRecord, ShareLink, User, UserChange } from './types.js';
export { createSqliteAccountStore, type SqliteAccountStoreOptions } from './sqlite.js';
export { createPostgresAccountStore, type PostgresAccountStoreOptions } from './postgres.js';
export { ACCOUNT_SCHEMA_VERSION, postgresAccountsSchemaVersion, postgresAuditSchemaVersion, postgresWebhooksSchemaVersion } from './schema-status.js';
export type {
  WebhookStore,
  WebhookEndpoint,
  NewWebhookEndpoint,
  WebhookDelivery,
  NewWebhookDelivery,
  DeliveryChange,
  DeliveryStatus,
} from './webhook-types.js';
export { createSqliteWebhookStore, createPostgresWebhookStore } from './webhook-store.js';
export type { AuditEntry, AuditPage, AuditQuery, AuditStore } from './audit-types.js';
export { createPostgresAuditStore, createSqliteAuditStore } from './audit-store.js';
export { AUDIT_SCHEMA_VERSION } from './audit-rows.js';
