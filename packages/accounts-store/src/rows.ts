import type { Role } from '@tandem/protocol';
import type { Grant, Invite, Notification, User } from './types.js';

/** A `users` row as both databases return it (numbers may come back as strings from PostgreSQL). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  admin: number | boolean;
  disabled: number | boolean;
  password_hash: string | null;
  created_at: number | string;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  admin: Boolean(r.admin),
  disabled: Boolean(r.disabled),
  passwordHash: r.password_hash,
  createdAt: Number(r.created_at),
});

export interface GrantRow {
  doc: string;
  user_id: string;
  role: string;
}

export const toGrant = (r: GrantRow): Grant => ({ docId: r.doc, userId: r.user_id, role: r.role as Role });

export interface InviteRow {
  token: string;
  email: string;
  doc: string | null;
  role: string | null;
  invited_by: string;
  created_at: number | string;
}

export const toInvite = (r: InviteRow): Invite => ({
  token: r.token,
  email: r.email,
  docId: r.doc,
  role: (r.role as Role | null) ?? null,
  invitedBy: r.invited_by,
  createdAt: Number(r.created_at),
});

/** Owners first, then editors, commenters, viewers (the order `members` returns). */
export const ROLE_RANK_SQL = `CASE role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 WHEN 'commenter' THEN 2 ELSE 3 END`;

/** The tables, shared by both adapters (types that both SQLite and PostgreSQL accept). */
export const ACCOUNT_TABLES = `
  CREATE TABLE tandem_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    admin BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE tandem_identities (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (provider, subject)
  );
  CREATE TABLE tandem_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX tandem_sessions_user ON tandem_sessions (user_id);
  CREATE TABLE tandem_access (
    doc TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (doc, user_id)
  );
  CREATE INDEX tandem_access_user ON tandem_access (user_id);
  CREATE TABLE tandem_links (
    doc TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    secret TEXT NOT NULL
  );
  CREATE TABLE tandem_invites (
    token TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    doc TEXT,
    role TEXT,
    invited_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX tandem_invites_doc ON tandem_invites (doc);
  CREATE INDEX tandem_invites_email ON tandem_invites (email);
  CREATE TABLE tandem_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

/** Notifications (comment mentions), newest first per person. */
export const NOTIFICATION_TABLES = `
  CREATE TABLE tandem_notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    doc TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
  );
  CREATE INDEX tandem_notifications_user ON tandem_notifications (user_id, created_at);
  CREATE INDEX tandem_notifications_doc ON tandem_notifications (doc);
`;

/** Schema migrations of the account tables, in order; each runs once per database. */
export const ACCOUNT_MIGRATIONS: readonly string[] = [ACCOUNT_TABLES, NOTIFICATION_TABLES];

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  doc: string;
  thread_id: string;
  comment_id: string;
  actor_name: string;
  excerpt: string;
  created_at: number | string;
  read_at: number | string | null;
}

export const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as Notification['kind'],
  docId: r.doc,
  threadId: r.thread_id,
  commentId: r.comment_id,
  actorName: r.actor_name,
  excerpt: r.excerpt,
  createdAt: Number(r.created_at),
  readAt: r.read_at === null ? null : Number(r.read_at),
});
