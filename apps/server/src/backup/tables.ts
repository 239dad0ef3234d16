/** How one column is kept in a backup archive (JSON has no bytes, SQLite no booleans). */
export type ColumnKind = 'text' | 'int' | 'bool' | 'bytes' | 'json';

/**
 * The databases a backup reads: documents (tandem.db), accounts (accounts.db), the audit log
 * (audit.db), the webhook receivers and their delivery log (webhooks.db); one PostgreSQL database
 * holds all four.
 */
export const BACKUP_DATABASES = ['documents', 'accounts', 'audit', 'webhooks'] as const;
export type BackupDatabase = (typeof BACKUP_DATABASES)[number];

/**
 * One table a backup carries, under the same logical name on every backend: its columns (the
 * same names in SQLite and PostgreSQL), its primary key (rows are read in its order, a page at a
 * time), and its table name in each database.
 */
export interface TableSpec {
  name: string;
  database: BackupDatabase;
  sqlite: string;
  postgres: string;
  columns: Record<string, ColumnKind>;
  key: string[];
  /** A PostgreSQL serial column whose sequence must follow restored ids. */
  serial?: string;
}

/**
 * Every table a backup carries, in restore order. Sessions are left out on purpose: a restored
 * server signs everyone out. Files travel beside these, through the BlobStore (backup/files.ts).
 */
export const TABLES: readonly TableSpec[] = [
  {
    name: 'docs',
    database: 'documents',
    sqlite: 'docs',
    postgres: 'tandem_docs',
    columns: { id: 'text', clock: 'int', size: 'int', entries: 'int', created_at: 'int', updated_at: 'int' },
    key: ['id'],
  },
  {
    name: 'updates',
    database: 'documents',
    sqlite: 'updates',
    postgres: 'tandem_updates',
    columns: { doc: 'text', clock: 'int', data: 'bytes' },
    key: ['doc', 'clock'],
  },
  {
    name: 'versions',
    database: 'documents',
    sqlite: 'versions',
    postgres: 'tandem_versions',
    columns: { id: 'int', doc: 'text', kind: 'text', label: 'text', authors: 'json', created_at: 'int', state: 'bytes' },
    key: ['id'],
    serial: 'id',
  },
  { name: 'trash', database: 'documents', sqlite: 'trash', postgres: 'tandem_trash', columns: { doc: 'text', deleted_at: 'int' }, key: ['doc'] },
  {
    name: 'users',
    database: 'accounts',
    sqlite: 'tandem_users',
    postgres: 'tandem_users',
    columns: { id: 'text', email: 'text', name: 'text', admin: 'bool', disabled: 'bool', password_hash: 'text', created_at: 'int' },
    key: ['id'],
  },
  {
    name: 'identities',
    database: 'accounts',
    sqlite: 'tandem_identities',
    postgres: 'tandem_identities',
    columns: { provider: 'text', subject: 'text', user_id: 'text' },
    key: ['provider', 'subject'],
  },
  {
    name: 'access',
    database: 'accounts',
    sqlite: 'tandem_access',
    postgres: 'tandem_access',
    columns: { doc: 'text', user_id: 'text', role: 'text' },
    key: ['doc', 'user_id'],
  },
  { name: 'links', database: 'accounts', sqlite: 'tandem_links', postgres: 'tandem_links', columns: { doc: 'text', role: 'text', secret: 'text' }, key: ['doc'] },
  {
    name: 'invites',
    database: 'accounts',
    sqlite: 'tandem_invites',
    postgres: 'tandem_invites',
    columns: { token: 'text', email: 'text', doc: 'text', role: 'text', invited_by: 'text', created_at: 'int' },
    key: ['token'],
  },
  { name: 'settings', database: 'accounts', sqlite: 'tandem_settings', postgres: 'tandem_settings', columns: { key: 'text', value: 'text' }, key: ['key'] },
  {
    name: 'notifications',
    database: 'accounts',
    sqlite: 'tandem_notifications',
    postgres: 'tandem_notifications',
    columns: {
      id: 'text',
      user_id: 'text',
      kind: 'text',
      doc: 'text',
      thread_id: 'text',
      comment_id: 'text',
      actor_name: 'text',
      excerpt: 'text',
      created_at: 'int',
      read_at: 'int',
    },
    key: ['id'],
  },
  {
    name: 'audit',
    database: 'audit',
    sqlite: 'tandem_audit',
    postgres: 'tandem_audit',
    columns: {
      id: 'text',
      at: 'int',
      action: 'text',
      actor_kind: 'text',
      actor_id: 'text',
      actor_name: 'text',
      actor_email: 'text',
      ip: 'text',
      user_agent: 'text',
      doc: 'text',
      data: 'text',
    },
    key: ['id'],
  },
  {
    name: 'webhook_endpoints',
    database: 'webhooks',
    sqlite: 'tandem_webhook_endpoints',
    postgres: 'tandem_webhook_endpoints',
    // `enabled` is an INTEGER column on both backends; `events` a JSON list kept as text, as stored
    columns: { id: 'text', url: 'text', secret: 'text', events: 'text', enabled: 'int', created_at: 'int' },
    key: ['id'],
  },
  {
    name: 'webhook_deliveries',
    database: 'webhooks',
    sqlite: 'tandem_webhook_deliveries',
    postgres: 'tandem_webhook_deliveries',
    columns: {
      id: 'text',
      endpoint_id: 'text',
      event_id: 'text',
      type: 'text',
      doc_id: 'text',
      payload: 'text',
      status: 'text',
      attempts: 'int',
      next_attempt_at: 'int',
      last_status: 'int',
      last_error: 'text',
      node: 'text',
      created_at: 'int',
      updated_at: 'int',
    },
    key: ['id'],
  },
];

/** A row as the archive holds it: JSON values (bytes as base64, booleans as booleans). */
export type ArchiveRow = Record<string, string | number | boolean | null | unknown[]>;

/** Turns a row as a database returned it into its archive form. */
export function toArchiveRow(spec: TableSpec, row: Record<string, unknown>): ArchiveRow {
  const out: ArchiveRow = {};
  for (const [col, kind] of Object.entries(spec.columns)) {
    const v = row[col];
    if (v === null || v === undefined) out[col] = null;
    else if (kind === 'int') out[col] = Number(v);
    else if (kind === 'bool') out[col] = Boolean(v);
    else if (kind === 'bytes') out[col] = Buffer.from(v as Uint8Array).toString('base64');
    else if (kind === 'json') out[col] = (typeof v === 'string' ? JSON.parse(v) : v) as unknown[];
    else out[col] = String(v);
  }
  return out;
}

/** Turns an archive row into the values to insert, in column order, for `backend`. */
export function fromArchiveRow(spec: TableSpec, row: ArchiveRow, backend: 'sqlite' | 'postgres'): unknown[] {
  return Object.entries(spec.columns).map(([col, kind]) => {
    const v = row[col];
    if (v === null || v === undefined) return null;
    if (kind === 'bytes') {
      if (typeof v !== 'string') throw new Error(`${spec.name}.${col}: expected base64`);
      return Buffer.from(v, 'base64');
    }
    if (kind === 'bool') return backend === 'sqlite' ? (v ? 1 : 0) : Boolean(v);
    if (kind === 'json') return JSON.stringify(v);
    if (kind === 'int') {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`${spec.name}.${col}: expected a whole number`);
      return v;
    }
    if (typeof v !== 'string') throw new Error(`${spec.name}.${col}: expected text`);
    return v;
  });
}
