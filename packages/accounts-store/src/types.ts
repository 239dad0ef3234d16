import type { Role } from '@tandem/protocol';

/** A person who can sign in. Emails are kept lower-cased; one account per email. */
export interface User {
  id: string;
  email: string;
  name: string;
  admin: boolean;
  /** A disabled person cannot sign in and their sessions are refused. */
  disabled: boolean;
  /** The argon2id hash of their password; null for people who only sign in externally (OIDC). */
  passwordHash: string | null;
  createdAt: number;
}

/** What creating a person takes (the id and time are the store's). */
export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  admin: boolean;
}

/** Fields of a person that can change. */
export type UserChange = Partial<Pick<User, 'name' | 'passwordHash' | 'admin' | 'disabled'>>;

/** A signed-in browser. `id` is the SHA-256 of the cookie's secret, never the secret itself. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

/** One person's role on one document. */
export interface Grant {
  docId: string;
  userId: string;
  role: Role;
}

/** A document's share link: who holds `secret` gets `role`. */
export interface ShareLink {
  role: Exclude<Role, 'owner'>;
  secret: string;
}

/**
 * An invitation by email: to a document with a role, or (docId null) to the server only. The
 * token is the secret part of the invite link; it lets `email` sign up even when sign-up is
 * invite-only.
 */
export interface Invite {
  token: string;
  email: string;
  docId: string | null;
  role: Role | null;
  invitedBy: string;
  createdAt: number;
}

/** Something that happened that a person should see (today: they were mentioned in a comment). */
export interface Notification {
  /** Unique; adding the same id twice keeps the first. */
  id: string;
  /** Who it is for. */
  userId: string;
  kind: 'mention';
  docId: string;
  threadId: string;
  commentId: string;
  /** Who caused it (the comment's author as the server stamped them). */
  actorName: string;
  /** A short plain-text excerpt of the comment. */
  excerpt: string;
  createdAt: number;
  readAt: number | null;
}

/**
 * Where people, their sessions and their access to documents live. Every method is async so a
 * networked database can implement it; adapters run the conformance suite
 * (`@tandem/accounts-store/conformance`).
 */
export interface AccountStore {
  /** Creates a person; null when the email is taken, or (`onlyIfNone`) when anyone exists. */
  createUser(user: NewUser, options?: { onlyIfNone?: boolean }): Promise<User | null>;
  userById(id: string): Promise<User | null>;
  /** The person with this email (any case), or null. */
  userByEmail(email: string): Promise<User | null>;
  /** Everyone, oldest first. */
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  /** Changes a person; the changed person, or null when there is none with this id. */
  updateUser(id: string, change: UserChange): Promise<User | null>;

  /** The person an external identity (provider + subject) is linked to, or null. */
  userByIdentity(provider: string, subject: string): Promise<User | null>;
  /** Links an external identity to a person (replacing an earlier link of the same identity). */
  linkIdentity(userId: string, provider: string, subject: string): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  /** The session with this id, when it has not expired at `now`. */
  session(id: string, now: number): Promise<SessionRecord | null>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of a person (sign out everywhere); how many ended. */
  deleteSessions(userId: string): Promise<number>;

  /** Gives `userId` `role` on `docId` (replacing their earlier role there). */
  grant(grant: Grant): Promise<void>;
  /** Takes `userId`'s role on `docId` away; false when they had none. */
  revoke(docId: string, userId: string): Promise<boolean>;
  roleOf(docId: string, userId: string): Promise<Role | null>;
  /** Everyone with a role on `docId`, owners first. */
  members(docId: string): Promise<Grant[]>;
  /** Every document `userId` has a role on. */
  docsOf(userId: string): Promise<Grant[]>;
  /** Every owner grant of every document (the admin's document list). */
  listOwners(): Promise<Grant[]>;

  /** Sets or (null) removes a document's share link. */
  setLink(docId: string, link: ShareLink | null): Promise<void>;
  link(docId: string): Promise<ShareLink | null>;

  createInvite(invite: Invite): Promise<void>;
  invite(token: string): Promise<Invite | null>;
  invitesForDoc(docId: string): Promise<Invite[]>;
  invitesForEmail(email: string): Promise<Invite[]>;
  deleteInvite(token: string): Promise<void>;

  /** Forgets every grant, link, invite and notification of a document (when it is purged). */
  forgetDoc(docId: string): Promise<void>;

  /** Stores a notification (a second one with the same id is ignored). */
  addNotification(notification: Notification): Promise<void>;
  /** A person's notifications, newest first (at most `limit`, default 50). */
  notifications(userId: string, limit?: number): Promise<Notification[]>;
  /** How many of a person's notifications are unread. */
  unreadNotifications(userId: string): Promise<number>;
  /** Marks a person's notifications (`ids`, or all) read at `at`; resolves how many changed. */
  markNotificationsRead(userId: string, ids: readonly string[] | 'all', at: number): Promise<number>;

  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}
