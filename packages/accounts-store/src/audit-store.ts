import { type AuditRow, AUDIT_MIGRATIONS, auditValues, decodeCursor, encodeCursor, toAuditEntry } from './audit-rows.js';
import type { AuditQuery, AuditStore } from './audit-types.js';
import { postgresPort, type SqlPort, sqlitePort } from './sql-port.js';

const COLUMNS = 'id, at, action, actor_kind, actor_id, actor_name, actor_email, ip, user_agent, doc, data';

/** `document.*` -> a LIKE pattern for the family; anything else is matched exactly. */
function actionCondition(action: string): [string, unknown[]] {
  if (action.endsWith('.*')) {
    const prefix = action.slice(0, -1).replace(/[\\%_]/g, (ch) => `\\${ch}`);
    return ["action LIKE ? ESCAPE '\\'", [`${prefix}%`]];
  }
  return ['action = ?', [action]];
}

/** The store over a SqlPort: the same statements on SQLite and PostgreSQL. */
function auditStoreOn(db: SqlPort): AuditStore {
  return {
    async append(entry) {
      await db.run(`INSERT INTO tandem_audit (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, auditValues(entry));
    },
    async query(q: AuditQuery = {}) {
      const limit = Math.max(1, Math.min(Math.floor(q.limit ?? 100), 500));
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, values: unknown[]) => {
        where.push(sql);
        params.push(...values);
      };
      if (q.since !== undefined) add('at >= ?', [q.since]);
      if (q.until !== undefined) add('at < ?', [q.until]);
      if (q.docId !== undefined) add('doc = ?', [q.docId]);
      if (q.action !== undefined) add(...actionCondition(q.action));
      if (q.actor !== undefined) {
        const who = q.actor.toLowerCase();
        add('(actor_id = ? OR LOWER(actor_email) = ? OR LOWER(actor_name) = ? OR actor_kind = ?)', [q.actor, who, who, who]);
      }
      if (q.cursor !== undefined) {
        const after = decodeCursor(q.cursor);
        add('(at < ? OR (at = ? AND id < ?))', [after.at, after.at, after.id]);
      }
      const rows = await db.all<AuditRow>(
        `SELECT ${COLUMNS} FROM tandem_audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit + 1}`,
        params,
      );
      const entries = rows.slice(0, limit).map(toAuditEntry);
      return { entries, next: rows.length > limit ? encodeCursor(entries[entries.length - 1]!) : null };
    },
    prune: (before) => db.run('DELETE FROM tandem_audit WHERE at < ?', [before]),
    close: () => db.close(),
  };
}

/** The audit log in its own SQLite file (DATA_DIR/audit.db by default), or `:memory:`. */
export function createSqliteAuditStore(options: { path: string }): AuditStore {
  return auditStoreOn(sqlitePort(options.path, AUDIT_MIGRATIONS));
}

/** Arbitrary constant naming the advisory lock held while migrating the audit table. */
const MIGRATION_LOCK = 0x74617564;

/** The audit log of a cluster: `tandem_audit` beside the documents' tables in the shared PostgreSQL database. */
export async function createPostgresAuditStore(options: { connectionString: string; schema?: string }): Promise<AuditStore> {
  const port = await postgresPort({
    connectionString: options.connectionString,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    lock: MIGRATION_LOCK,
    table: 'tandem_audit_migrations',
    migrations: AUDIT_MIGRATIONS,
  });
  return auditStoreOn(port);
}
