import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Role } from '@tandem/protocol';
import { ACCOUNT_MIGRATIONS, type GrantRow, type InviteRow, type NotificationRow, ROLE_RANK_SQL, toGrant, toInvite, toNotification, toUser, type UserRow } from './rows.js';
import type { AccountStore, UserChange } from './types.js';
import { migratePostgres } from './pg-migrate.js';

/** Options of the PostgreSQL account store. */
export interface PostgresAccountStoreOptions {
  /** A libpq connection URL (the same DATABASE_URL the document store uses). */
  connectionString: string;
  /** Schema of the tables, created when missing (default: the server's search_path). */
  schema?: string;
  /** Most connections the pool opens (default 4). */
  maxConnections?: number;
  now?: () => number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Arbitrary constant naming the advisory lock held while migrating the account tables. */
const MIGRATION_LOCK = 0x74616e65;

const USER_FIELDS: Record<keyof UserChange, string> = {
  name: 'name',
  passwordHash: 'password_hash',
  admin: 'admin',
  disabled: 'disabled',
};

const migrate = (client: pg.PoolClient, schema?: string) =>
  migratePostgres(client, { lock: MIGRATION_LOCK, table: 'tandem_accounts_migrations', migrations: ACCOUNT_MIGRATIONS, ...(schema ? { schema } : {}) });

/** The AccountStore of a cluster: tables beside the documents' in the shared PostgreSQL database. */
export async function createPostgresAccountStore(options: PostgresAccountStoreOptions): Promise<AccountStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError('schema must be 1-63 letters, digits or underscores, not starting with a digit');
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  pool.on('error', () => {}); // an idle connection died; the next query reconnects
  try {
    const client = await pool.connect();
    try {
      await migrate(client, schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const now = options.now ?? Date.now;
  const q = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await pool.query<R>(sql, params)).rows;
  const one = async (sql: string, params: unknown[]) => {
    const [row] = await q<UserRow>(sql, params);
    return row ? toUser(row) : null;
  };

  return {
    async createUser(u, opts = {}) {
      const guard = opts.onlyIfNone ? 'WHERE NOT EXISTS (SELECT 1 FROM tandem_users)' : '';
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Serialises first-account creation across nodes: two set-ups at once make one admin.
        if (opts.onlyIfNone) await client.query('LOCK TABLE tandem_users IN SHARE ROW EXCLUSIVE MODE');
        const { rows } = await client.query<UserRow>(
          `INSERT INTO tandem_users (id, email, name, admin, disabled, password_hash, created_at)
           SELECT $1, $2, $3, $4, false, $5, $6 ${guard}
           ON CONFLICT (email) DO NOTHING RETURNING *`,
          [randomUUID(), u.email.toLowerCase(), u.name, u.admin, u.passwordHash, now()],
        );
        await client.query('COMMIT');
        return rows[0] ? toUser(rows[0]) : null;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    userById: (id) => one('SELECT * FROM tandem_users WHERE id = $1', [id]),
    userByEmail: (email) => one('SELECT * FROM tandem_users WHERE email = $1', [email.toLowerCase()]),
    async listUsers() {
      return (await q<UserRow>('SELECT * FROM tandem_users ORDER BY created_at, id COLLATE "C"')).map(toUser);
    },
    async countUsers() {
      return Number((await q<{ n: string }>('SELECT COUNT(*) AS n FROM tandem_users'))[0]!.n);
    },
    async updateUser(id, change) {
      const keys = (Object.keys(change) as (keyof UserChange)[]).filter((k) => change[k] !== undefined && k in USER_FIELDS);
      if (keys.length === 0) return one('SELECT * FROM tandem_users WHERE id = $1', [id]);
      const sets = keys.map((k, i) => `${USER_FIELDS[k]} = $${i + 2}`).join(', ');
      return one(`UPDATE tandem_users SET ${sets} WHERE id = $1 RETURNING *`, [id, ...keys.map((k) => change[k])]);
    },

    userByIdentity: (provider, subject) =>
      one('SELECT u.* FROM tandem_identities i JOIN tandem_users u ON u.id = i.user_id WHERE i.provider = $1 AND i.subject = $2', [provider, subject]),
    async linkIdentity(userId, provider, subject) {
      await q(
        'INSERT INTO tandem_identities (provider, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT (provider, subject) DO UPDATE SET user_id = excluded.user_id',
        [provider, subject, userId],
      );
    },

    async createSession(s) {
      await q('INSERT INTO tandem_sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [s.id, s.userId, s.createdAt, s.expiresAt]);
    },
    async session(id, at) {
      const [row] = await q<{ id: string; user_id: string; created_at: string; expires_at: string }>(
        'SELECT * FROM tandem_sessions WHERE id = $1 AND expires_at > $2',
        [id, at],
      );
      return row ? { id: row.id, userId: row.user_id, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) } : null;
    },
    async deleteSession(id) {
      await q('DELETE FROM tandem_sessions WHERE id = $1', [id]);
    },
    async deleteSessions(userId) {
      return (await pool.query('DELETE FROM tandem_sessions WHERE user_id = $1', [userId])).rowCount ?? 0;
    },

    async grant(g) {
      await q('INSERT INTO tandem_access (doc, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (doc, user_id) DO UPDATE SET role = excluded.role', [
        g.docId,
        g.userId,
        g.role,
      ]);
    },
    async revoke(docId, userId) {
      return ((await pool.query('DELETE FROM tandem_access WHERE doc = $1 AND user_id = $2', [docId, userId])).rowCount ?? 0) > 0;
    },
    async roleOf(docId, userId) {
      const [row] = await q<{ role: string }>('SELECT role FROM tandem_access WHERE doc = $1 AND user_id = $2', [docId, userId]);
      return (row?.role as Role | undefined) ?? null;
    },
    async members(docId) {
      return (await q<GrantRow>(`SELECT * FROM tandem_access WHERE doc = $1 ORDER BY ${ROLE_RANK_SQL}, user_id`, [docId])).map(toGrant);
    },
    async docsOf(userId) {
      return (await q<GrantRow>('SELECT * FROM tandem_access WHERE user_id = $1 ORDER BY doc', [userId])).map(toGrant);
    },
    async listOwners() {
      return (await q<GrantRow>("SELECT * FROM tandem_access WHERE role = 'owner' ORDER BY doc, user_id")).map(toGrant);
    },

    async setLink(docId, link) {
      if (link === null) await q('DELETE FROM tandem_links WHERE doc = $1', [docId]);
      else
        await q('INSERT INTO tandem_links (doc, role, secret) VALUES ($1, $2, $3) ON CONFLICT (doc) DO UPDATE SET role = excluded.role, secret = excluded.secret', [
          docId,
          link.role,
          link.secret,
        ]);
    },
    async link(docId) {
      const [row] = await q<{ role: string; secret: string }>('SELECT role, secret FROM tandem_links WHERE doc = $1', [docId]);
      return row ? { role: row.role as 'viewer', secret: row.secret } : null;
    },

    async createInvite(i) {
      await q('INSERT INTO tandem_invites (token, email, doc, role, invited_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        i.token,
        i.email.toLowerCase(),
        i.docId,
        i.role,
        i.invitedBy,
        i.createdAt,
      ]);
    },
    async invite(token) {
      const [row] = await q<InviteRow>('SELECT * FROM tandem_invites WHERE token = $1', [token]);
      return row ? toInvite(row) : null;
    },
    async invitesForDoc(docId) {
      return (await q<InviteRow>('SELECT * FROM tandem_invites WHERE doc = $1 ORDER BY created_at, token', [docId])).map(toInvite);
    },
    async invitesForEmail(email) {
      return (await q<InviteRow>('SELECT * FROM tandem_invites WHERE email = $1 ORDER BY created_at, token', [email.toLowerCase()])).map(toInvite);
    },
    async deleteInvite(token) {
      await q('DELETE FROM tandem_invites WHERE token = $1', [token]);
    },

    async forgetDoc(docId) {
      for (const table of ['tandem_access', 'tandem_links', 'tandem_invites', 'tandem_notifications']) await q(`DELETE FROM ${table} WHERE doc = $1`, [docId]);
    },

    async addNotification(n) {
      await q(
        'INSERT INTO tandem_notifications (id, user_id, kind, doc, thread_id, comment_id, actor_name, excerpt, created_at, read_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING',
        [n.id, n.userId, n.kind, n.docId, n.threadId, n.commentId, n.actorName, n.excerpt, n.createdAt, n.readAt],
      );
    },
    async notifications(userId, limit = 50) {
      return (await q<NotificationRow>('SELECT * FROM tandem_notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [userId, limit])).map(toNotification);
    },
    async unreadNotifications(userId) {
      const [row] = await q<{ n: string }>('SELECT COUNT(*) AS n FROM tandem_notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
      return Number(row?.n ?? 0);
    },
    async markNotificationsRead(userId, ids, at) {
      if (ids === 'all') return (await pool.query('UPDATE tandem_notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL', [at, userId])).rowCount ?? 0;
      if (ids.length === 0) return 0;
      return (await pool.query('UPDATE tandem_notifications SET read_at = $1 WHERE user_id = $2 AND id = ANY($3) AND read_at IS NULL', [at, userId, [...ids]])).rowCount ?? 0;
    },

    async getSetting(key) {
      const [row] = await q<{ value: string }>('SELECT value FROM tandem_settings WHERE key = $1', [key]);
      return row?.value ?? null;
    },
    async setSetting(key, value) {
      await q('INSERT INTO tandem_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },

    async close() {
      await pool.end();
    },
  };
}
