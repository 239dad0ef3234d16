import type { Logger } from '@tandem/sync';

/**
 * The kinds of things that happen to documents, as the server announces them. Add a kind here
 * when a feature starts emitting it (and say in its doc comment what `data` holds).
 */
export const SERVER_EVENT_TYPES = [
  /** A document came to exist: a client's first stored change, or POST /api/docs, or an import. data: `{ source: 'sync'|'create'|'import', title? }`. */
  'document.created',
  /** An update to a document was stored (one per stored client update: debounce before acting). data: `{ clock }`. */
  'document.changed',
  /** The title changed through the REST API. data: `{ title }`. */
  'document.renamed',
  /** The document went to the trash. data: `{ deletedAt, purgeAt }` (ISO dates). */
  'document.deleted',
  /** Taken out of the trash, or a version restored as a new change. data: `{ from: 'trash' }` or `{ from: 'version', versionId }`. */
  'document.restored',
  /** Removed for good after the trash retention (actor: system). */
  'document.purged',
  /** A named version was saved. data: `{ versionId, label }`. */
  'version.created',
  /** The access list or link changed. data: `{ action: 'member.added'|'member.role'|'member.removed'|'invite.cancelled'|'link.set'|'link.rotated', ... }`. */
  'share.changed',
  /** The document was downloaded (GET export, with comments, or a version in another format than the history panel's JSON). data: `{ format, comments?, versionId? }`. */
  'export',
  /** A comment was added: a new thread or a reply (comments-api.ts). data: `{ threadId, commentId, reply, mentions }` (mentions: how many people it mentions). */
  'comment.created',
  /** Someone signed in (actor: that person). data: `{ method: 'password'|'oidc'|'setup'|'signup' }`. */
  'auth.signed_in',
  /** A sign-in (or the first account, or a sign-up) was refused (actor: anonymous). data: `{ method: 'password'|'oidc'|'setup'|'signup', email?, status?, reason }` (never the password). */
  'auth.sign_in_failed',
  /** Someone signed out. data: `{ everywhere }`. */
  'auth.signed_out',
  /** An account was made: the first (admin) one, a sign-up, or a first sign-in with the identity provider. data: `{ userId, email, via: 'setup'|'signup'|'oidc', admin }`. */
  'account.created',
  /** Someone changed their password (every other session of theirs ended). data: `{ userId }`. */
  'account.password_changed',
  /** An admin changed a person: data: `{ userId, email, admin?, disabled? }` (the flags set). */
  'admin.user_changed',
  /** An admin changed a server setting. data: `{ signup }`. */
  'admin.settings_changed',
  /** An admin invited someone to the server. data: `{ email }` (never the invite's token or link). */
  'admin.invite_created',
  /** An admin changed the webhooks. data: `{ action: 'added'|'updated'|'removed'|'tested'|'retried', webhookId?, deliveryId?, origin?, events?, enabled? }` (the receiver's origin only: its path may hold a secret). */
  'admin.webhook_changed',
  /** `tandem backup archive` or `snapshot` copied everything (recorded by the command itself, into the audit log only). data: `{ command: 'archive'|'snapshot', file|dir, rows?, files? }`. */
  'backup.created',
] as const;

/** One of SERVER_EVENT_TYPES. */
export type ServerEventType = (typeof SERVER_EVENT_TYPES)[number];

/** Who caused an event: a signed-in person, a token's subject, a share link, nobody known, or the server itself. */
export interface Actor {
  kind: 'account' | 'token' | 'share' | 'anonymous' | 'system';
  /** The account id, the token's `sub` (`admin` for the ADMIN_TOKEN); absent when unknown. */
  id?: string;
  /** A display name, when one is known. */
  name?: string;
  /** The account's email, for a signed-in person (the audit log records it; webhooks leave it out). */
  email?: string;
}

/** Something that happened, as every subscriber receives it. */
export interface ServerEvent {
  type: ServerEventType;
  docId?: string;
  actor?: Actor;
  /** The client's address (see security/client-ip.ts), when the event came from a request. */
  ip?: string;
  /** The client's User-Agent header (at most 256 characters), when the event came from a request. */
  userAgent?: string;
  /** When it happened, ms since the epoch. */
  at: number;
  /** What else is known; each type's shape is in SERVER_EVENT_TYPES. */
  data?: Record<string, unknown>;
}

/** What `emit` takes: an event without a time gets the current one. */
export type ServerEventInput = Omit<ServerEvent, 'at'> & { at?: number };

/** A subscriber. It runs synchronously inside `emit`: do little, queue the rest. */
export type ServerEventListener = (event: ServerEvent) => void | Promise<void>;

/**
 * The server's events bus: routes and sync hooks `emit` what happened to documents; webhooks,
 * the audit log and others subscribe with `on`. One per server, created in server.ts and reachable
 * by routes as `c.var.events`. A listener that throws (or rejects) is logged and never reaches
 * the emitter, so an event can never fail or stall the request that caused it.
 */
export class ServerEvents {
  private readonly listeners = new Map<ServerEventType | '*', Set<ServerEventListener>>();
  private readonly logger: Logger | undefined;
  private readonly now: () => number;

  constructor(options: { logger?: Logger; now?: () => number } = {}) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** Calls `fn` for every event of `type` (`'*'`: every event); returns the unsubscribe. */
  on(type: ServerEventType | '*', fn: ServerEventListener): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(fn);
    return () => void set.delete(fn);
  }

  /** Announces an event to its type's listeners, then to the `'*'` ones; returns it as delivered. */
  emit(input: ServerEventInput): ServerEvent {
    const event: ServerEvent = { ...input, at: input.at ?? this.now() };
    for (const key of [event.type, '*'] as const) {
      for (const fn of this.listeners.get(key) ?? []) this.call(fn, event);
    }
    return event;
  }

  private call(fn: ServerEventListener, event: ServerEvent): void {
    const failed = (err: unknown) => this.logger?.error('events.listener_failed', { type: event.type, error: String(err) });
    try {
      const result = fn(event);
      if (result && typeof result.then === 'function') result.then(undefined, failed);
    } catch (err) {
      failed(err);
    }
  }
}
