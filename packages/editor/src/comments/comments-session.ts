import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Comment, type CommentAuthor, mentionsIn, THREADS_MAP, type Thread } from '@tandem/comments';
import { storageIdentity, storageName } from '../storage-key.js';
import { syncUrl } from '../sync-url.js';
import { CommentsOutbox, type PendingChange, type Refusal } from './comments-outbox.js';

/** Options of `openComments`. */
export interface CommentsOptions {
  /** Server base URL (`https://docs.example.com`); defaults to the page's origin. */
  server?: string;
  doc: string;
  /** Access token (sent as the socket's `token` and the API's bearer). */
  token?: string;
  /** Share-link secret. */
  share?: string;
  /** Who is signed in (a user id), to keep local copies and queues apart. */
  identity?: string;
  /** The name shown on this person's comments until the server stamps its own (and in open mode, sent). */
  authorName: () => string;
  /** Keep a copy of the comments in IndexedDB (default: where IndexedDB exists). */
  offline?: boolean;
  /** Connect at once (default true); else call `provider.connect()` when the document's socket is up. */
  connect?: boolean;
  WebSocket?: typeof WebSocket;
}

/** A thread as shown: the server's, with this device's changes not yet acknowledged applied. */
export interface ShownThread extends Thread {
  /** True while its first comment has not reached the server. */
  pending: boolean;
  /** Ids of comments not yet acknowledged. */
  pendingComments: string[];
}

/** A document's comments in the browser: read live from the server, written through the outbox. */
export interface CommentsSession {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly outbox: CommentsOutbox;
  /** Every thread (resolved ones too), oldest first. */
  threads(): ShownThread[];
  /** Calls `listener` when threads change (server or local); returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Queues a change; it shows at once and reaches everyone once the server has it. */
  change(change: PendingChange): void;
  /** Calls `listener` when the server refused a change. */
  onRefused(listener: (refusal: Refusal) => void): void;
  destroy(): void;
}

/** A fresh id for a thread or comment (the server accepts 8-64 of `[A-Za-z0-9_-]`). */
export function newCommentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function applyPending(threads: Map<string, ShownThread>, change: PendingChange, me: CommentAuthor): void {
  const comment = (id: string, body: string): Comment => ({ id, author: me, body, mentions: mentionsIn(body), createdAt: change.at, editedAt: null, deleted: false });
  if (change.kind === 'create') {
    if (threads.has(change.id)) return;
    threads.set(change.id, {
      id: change.id,
      anchor: change.anchor,
      quote: change.quote,
      author: me,
      createdAt: change.at,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      deleted: false,
      comments: [comment(change.id, change.body)],
      pending: true,
      pendingComments: [change.id],
    });
    return;
  }
  const thread = threads.get(change.threadId);
  if (!thread) return;
  switch (change.kind) {
    case 'reply':
      if (thread.comments.some((c) => c.id === change.id)) return;
      threads.set(thread.id, { ...thread, resolved: false, comments: [...thread.comments, comment(change.id, change.body)], pendingComments: [...thread.pendingComments, change.id] });
      return;
    case 'edit':
      threads.set(thread.id, { ...thread, comments: thread.comments.map((c) => (c.id === change.commentId ? { ...c, body: change.body, editedAt: change.at } : c)) });
      return;
    case 'delete': {
      const first = thread.comments[0]?.id === change.commentId;
      threads.set(thread.id, { ...thread, deleted: thread.deleted || first, comments: thread.comments.map((c) => (c.id === change.commentId ? { ...c, deleted: true, body: '' } : c)) });
      return;
    }
    case 'resolve':
      threads.set(thread.id, { ...thread, resolved: change.resolved, resolvedBy: change.resolved ? me : null, resolvedAt: change.resolved ? change.at : null });
  }
}

/**
 * Opens a document's comments: the comments doc synced read-only from the server (live, and kept
 * in IndexedDB for offline reading), and an outbox for this person's changes.
 */
export function openComments(options: CommentsOptions): CommentsSession {
  const server = options.server ?? globalThis.location.origin;
  const wsUrl = syncUrl(server);
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, options.doc, doc, {
    connect: options.connect ?? true,
    disableBc: true,
    params: { channel: 'comments', ...(options.token ? { token: options.token } : {}), ...(options.share ? { share: options.share } : {}) },
    ...(options.WebSocket ? { WebSocketPolyfill: options.WebSocket } : {}),
  });
  const name = `${storageName(wsUrl, options.doc, storageIdentity(options.token, options.identity))}:comments`;
  const persistence = (options.offline ?? true) && typeof indexedDB !== 'undefined' ? new IndexeddbPersistence(name, doc) : null;
  const outbox = new CommentsOutbox({
    server,
    doc: options.doc,
    storageKey: `tandem.comments-outbox:${name}`,
    authorName: options.authorName,
    headers: () => ({
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.share ? { 'x-tandem-share': options.share } : {}),
    }),
  });
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const map = doc.getMap<Thread>(THREADS_MAP);
  map.observe(changed);
  const offOutbox = outbox.onChange(changed);
  // the server is back: whatever waits is sent now
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') outbox.flush();
  };
  provider.on('status', onStatus);
  const onOnline = () => outbox.flush();
  globalThis.addEventListener?.('online', onOnline);
  outbox.flush();

  return {
    doc,
    provider,
    outbox,
    threads() {
      const shown = new Map<string, ShownThread>();
      for (const t of map.values()) shown.set(t.id, { ...t, pending: false, pendingComments: [] });
      const me: CommentAuthor = { id: options.identity ?? null, name: options.authorName() };
      for (const change of outbox.pending) applyPending(shown, change, me);
      return [...shown.values()].filter((t) => !t.deleted).sort((a, b) => a.createdAt - b.createdAt);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    change: (change) => outbox.add(change),
    onRefused(listener) {
      outbox.onRefused = listener;
    },
    destroy() {
      map.unobserve(changed);
      offOutbox();
      provider.off('status', onStatus);
      globalThis.removeEventListener?.('online', onOnline);
      outbox.destroy();
      provider.destroy();
      void persistence?.destroy();
      doc.destroy();
      listeners.clear();
    },
  };
}
