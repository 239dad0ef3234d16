import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Role } from '@tandem/protocol';
import { SchemaTooNewError } from '@tandem/store';
import { ACCOUNT_MIGRATIONS, type GrantRow, type InviteRow, type NotificationRow, ROLE_RANK_SQL, toGrant, toInvite, toNotification, toUser, type UserRow } from './rows.js';
import type { AccountStore, SessionRecord, User, UserChange } from './types.js';

/** Options of the SQLite account store. */
export interface SqliteAccountStoreOptions {
  /** Database file (its folder is created when missing), or `:memory:`. */
  path: string;
  /** Clock for createdAt (injected by tests). */
  now?: () => number;
}

const USER_FIELDS: Record<keyof UserChange, string> = {
  name: 'name',
  passwordHash: 'password_hash',
  admin: 'admin',
  disabled: 'disabled',
};

/**
 * Brings the file's account tables up to date (SQLite's user_version counts applied migrations);
 * refuses a file from a newer Tandem.
 */
function migrate(db: Database.Database, name: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > ACCOUNT_MIGRATIONS.length) throw new SchemaTooNewError(name, version, ACCOUNT_MIGRATIONS.length);
  for (let v = version; v < ACCOUNT_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(ACCOUNT_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * The default AccountStore: its own SQLite file (`accounts.db` beside the documents' `tandem.db`),
 * so account writes never queue behind document commits. Queries are synchronous and small.
 */
export function createSqliteAccountStore(options: SqliteAccountStoreOptions): AccountStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, options.path);
  } catch (err) {
    db.close();
    throw err;
  }
  const now = options.now ?? Date.now;
  const bool = (v: boolean) => (v ? 1 : 0);
  const user = (row: unknown) => (row ? toUser(row as UserRow) : null);

  const insertUser = db.prepare(
    'INSERT INTO tandem_users (id, email, name, admin, disabled, password_hash, created_at) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (email) DO NOTHING',
  );
  const countUsers = db.prepare('SELECT COUNT(*) AS n FROM tandem_users').pluck();

  return {
    async createUser(u, opts = {}) {
      const id = randomUUID();
      const created = db.transaction(() => {
        if (opts.onlyIfNone && (countUsers.get() as number) > 0) return false;
        return insertUser.run(id, u.email.toLowerCase(), u.name, bool(u.admin), u.passwordHash, now()).changes === 1;
      })();
      return created ? user(db.prepare('SELECT * FROM tandem_users WHERE id = ?').get(id)) : null;
    },
    async userById(id) {
      return user(db.prepare('SELECT * FROM tandem_users WHERE id = ?').get(id));
    },
    async userByEmail(email) {
      return user(db.prepare('SELECT * FROM tandem_users WHERE email = ?').get(email.toLowerCase()));
    },
    async listUsers() {
      return (db.prepare('SELECT * FROM tandem_users ORDER BY created_at, id').all() as UserRow[]).map(toUser);
    },
    async countUsers() {
      return countUsers.get() as number;
    },
    async updateUser(id, change) {
      const keys = (Object.keys(change) as (keyof UserChange)[]).filter((k) => change[k] !== undefined && k in USER_FIELDS);
      if (keys.length > 0) {
        const values = keys.map((k) => (typeof change[k] === 'boolean' ? bool(change[k] as boolean) : change[k]));
        db.prepare(`UPDATE tandem_users SET ${keys.map((k) => `${USER_FIELDS[k]} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
      }
      return user(db.prepare('SELECT * FROM tandem_users WHERE id = ?').get(id));
    },

    async userByIdentity(provider, subject) {
      return user(
        db
          .prepare('SELECT u.* FROM tandem_identities i JOIN tandem_users u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?')
          .get(provider, subject),
      );
    },
    async linkIdentity(userId, provider, subject) {
      db.prepare(
        'INSERT INTO tandem_identities (provider, subject, user_id) VALUES (?, ?, ?) ON CONFLICT (provider, subject) DO UPDATE SET user_id = excluded.user_id',
      ).run(provider, subject, userId);
    },

    async createSession(s) {
      db.prepare('INSERT INTO tandem_sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(s.id, s.userId, s.createdAt, s.expiresAt);
    },
    async session(id, at) {
      const row = db.prepare('SELECT * FROM tandem_sessions WHERE id = ? AND expires_at > ?').get(id, at) as
        | { id: string; user_id: string; created_at: number; expires_at: number }
        | undefined;
      return row ? ({ id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at } satisfies SessionRecord) : null;
    },
    async deleteSession(id) {
      db.prepare('DELETE FROM tandem_sessions WHERE id = ?').run(id);
    },
    async deleteSessions(userId) {
      return db.prepare('DELETE FROM tandem_sessions WHERE user_id = ?').run(userId).changes;
    },

    async grant(g) {
      db.prepare('INSERT INTO tandem_access (doc, user_id, role) VALUES (?, ?, ?) ON CONFLICT (doc, user_id) DO UPDATE SET role = excluded.role').run(
        g.docId,
        g.userId,
        g.role,
      );
    },
    async revoke(docId, userId) {
      return db.prepare('DELETE FROM tandem_access WHERE doc = ? AND user_id = ?').run(docId, userId).changes > 0;
    },
    async roleOf(docId, userId) {
      const role = db.prepare('SELECT role FROM tandem_access WHERE doc = ? AND user_id = ?').pluck().get(docId, userId);
      return (role as Role | undefined) ?? null;
    },
    async members(docId) {
      return (db.prepare(`SELECT * FROM tandem_access WHERE doc = ? ORDER BY ${ROLE_RANK_SQL}, user_id`).all(docId) as GrantRow[]).map(toGrant);
    },
    async docsOf(userId) {
      return (db.prepare('SELECT * FROM tandem_access WHERE user_id = ? ORDER BY doc').all(userId) as GrantRow[]).map(toGrant);
    },
    async listOwners() {
      return (db.prepare("SELECT * FROM tandem_access WHERE role = 'owner' ORDER BY doc, user_id").all() as GrantRow[]).map(toGrant);
    },

    async setLink(docId, link) {
      if (link === null) db.prepare('DELETE FROM tandem_links WHERE doc = ?').run(docId);
      else
        db.prepare('INSERT INTO tandem_links (doc, role, secret) VALUES (?, ?, ?) ON CONFLICT (doc) DO UPDATE SET role = excluded.role, secret = excluded.secret').run(
          docId,
          link.role,
          link.secret,
        );
    },
    async link(docId) {
      const row = db.prepare('SELECT role, secret FROM tandem_links WHERE doc = ?').get(docId) as { role: string; secret: string } | undefined;
      return row ? { role: row.role as 'viewer', secret: row.secret } : null;
    },

    async createInvite(i) {
      db.prepare('INSERT INTO tandem_invites (token, email, doc, role, invited_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        i.token,
        i.email.toLowerCase(),
        i.docId,
        i.role,
        i.invitedBy,
        i.createdAt,
      );
    },
    async invite(token) {
      const row = db.prepare('SELECT * FROM tandem_invites WHERE token = ?').get(token) as InviteRow | undefined;
      return row ? toInvite(row) : null;
    },
    async invitesForDoc(docId) {
      return (db.prepare('SELECT * FROM tandem_invites WHERE doc = ? ORDER BY created_at, token').all(docId) as InviteRow[]).map(toInvite);
    },
    async invitesForEmail(email) {
      return (db.prepare('SELECT * FROM tandem_invites WHERE email = ? ORDER BY created_at, token').all(email.toLowerCase()) as InviteRow[]).map(
        toInvite,
      );
    },
    async deleteInvite(token) {
      db.prepare('DELETE FROM tandem_invites WHERE token = ?').run(token);
    },

    async forgetDoc(docId) {
      db.transaction(() => {
        for (const table of ['tandem_access', 'tandem_links', 'tandem_invites', 'tandem_notifications']) db.prepare(`DELETE FROM ${table} WHERE doc = ?`).run(docId);
      })();
    },

    async addNotification(n) {
      db.prepare(
        'INSERT INTO tandem_notifications (id, user_id, kind, doc, thread_id, comment_id, actor_name, excerpt, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ).run(n.id, n.userId, n.kind, n.docId, n.threadId, n.commentId, n.actorName, n.excerpt, n.createdAt, n.readAt);
    },
    async notifications(userId, limit = 50) {
      const rows = db.prepare('SELECT * FROM tandem_notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(userId, limit) as NotificationRow[];
      return rows.map(toNotification);
    },
    async unreadNotifications(userId) {
      return db.prepare('SELECT COUNT(*) FROM tandem_notifications WHERE user_id = ? AND read_at IS NULL').pluck().get(userId) as number;
    },
    async markNotificationsRead(userId, ids, at) {
      if (ids === 'all') return db.prepare('UPDATE tandem_notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(at, userId).changes;
      const mark = db.prepare('UPDATE tandem_notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL');
      return db.transaction(() => ids.reduce((n, id) => n + mark.run(at, userId, id).changes, 0))();
    },

    async getSetting(key) {
      return (db.prepare('SELECT value FROM tandem_settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
    },
    async setSetting(key, value) {
      db.prepare('INSERT INTO tandem_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    },

    async close() {
      db.close();
    },
  };
}

export type { User };
