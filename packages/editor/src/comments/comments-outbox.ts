import type { CommentAnchor } from '@tandem/comments';

/** One comment change waiting to reach the server (kept in localStorage until it is answered). */
export type PendingChange =
  | { kind: 'create'; id: string; anchor: CommentAnchor | null; quote: string; body: string; at: number }
  | { kind: 'reply'; threadId: string; id: string; body: string; at: number }
  | { kind: 'edit'; threadId: string; commentId: string; body: string; at: number }
  | { kind: 'delete'; threadId: string; commentId: string; at: number }
  | { kind: 'resolve'; threadId: string; resolved: boolean; at: number };

/** How the outbox reaches the server. */
export interface OutboxTarget {
  /** `https://host` of the server. */
  server: string;
  doc: string;
  /** Headers of every request (a token, a share secret). */
  headers: () => Record<string, string>;
  /** Open mode only: the display name sent as the author (the server ignores it otherwise). */
  authorName: () => string;
  /** localStorage key of the queue (one per document and person). */
  storageKey: string;
}

/** A request the server refused for good (4xx): the change is dropped and the reason shown. */
export interface Refusal {
  change: PendingChange;
  status: number;
  message: string;
}

const RETRY_MS = 4000;

/** The request that carries a change. */
function requestOf(target: OutboxTarget, change: PendingChange): { method: string; path: string; body?: Record<string, unknown> } {
  const base = `/api/docs/${encodeURIComponent(target.doc)}/comments`;
  const authorName = target.authorName();
  switch (change.kind) {
    case 'create':
      return { method: 'POST', path: base, body: { id: change.id, anchor: change.anchor, quote: change.quote, body: change.body, authorName } };
    case 'reply':
      return { method: 'POST', path: `${base}/${change.threadId}/replies`, body: { id: change.id, body: change.body, authorName } };
    case 'edit':
      return { method: 'PATCH', path: `${base}/${change.threadId}/comments/${change.commentId}`, body: { body: change.body, authorName } };
    case 'delete':
      return { method: 'DELETE', path: `${base}/${change.threadId}/comments/${change.commentId}?authorName=${encodeURIComponent(authorName)}` };
    case 'resolve':
      return { method: 'PATCH', path: `${base}/${change.threadId}`, body: { resolved: change.resolved, authorName } };
  }
}

/**
 * Comment changes on their way to the server, in order, kept on this device until the server
 * answers: made offline they wait, and are sent once the server can be reached. Every change
 * carries the client's own ids, so a change sent twice (the answer was lost) counts once.
 */
export class CommentsOutbox {
  private readonly target: OutboxTarget;
  private queue: PendingChange[];
  private sending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;
  private readonly listeners = new Set<() => void>();
  /** Called for each change the server refused. */
  onRefused: (refusal: Refusal) => void = () => {};

  constructor(target: OutboxTarget) {
    this.target = target;
    this.queue = load(target.storageKey);
  }

  /** Changes not yet acknowledged, oldest first. */
  get pending(): readonly PendingChange[] {
    return this.queue;
  }

  /** Calls `listener` when the queue changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues a change (kept on this device) and tries to send it. */
  add(change: PendingChange): void {
    this.queue.push(change);
    this.changed();
    this.flush();
  }

  /** Sends what is queued, one request at a time; a failure to reach the server retries later. */
  flush(): void {
    if (this.sending || this.destroyed || this.queue.length === 0) return;
    this.sending = true;
    clearTimeout(this.timer);
    void this.sendNext().finally(() => {
      this.sending = false;
    });
  }

  private async sendNext(): Promise<void> {
    while (!this.destroyed && this.queue.length > 0) {
      const change = this.queue[0]!;
      const { method, path, body } = requestOf(this.target, change);
      let res: Response;
      try {
        res = await fetch(new URL(path, this.target.server), {
          method,
          credentials: 'include',
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...this.target.headers() },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      } catch {
        this.retry();
        return;
      }
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        this.retry();
        return;
      }
      this.queue.shift();
      this.changed();
      if (!res.ok) {
        const message = await res.json().then((j: { error?: string }) => j.error ?? '', () => '');
        this.onRefused({ change, status: res.status, message: message || `HTTP ${res.status}` });
      }
    }
  }

  private retry(): void {
    if (this.destroyed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), RETRY_MS);
  }

  private changed(): void {
    try {
      if (this.queue.length === 0) globalThis.localStorage?.removeItem(this.target.storageKey);
      else globalThis.localStorage?.setItem(this.target.storageKey, JSON.stringify(this.queue));
    } catch {
      // not kept across reloads (private mode): still sent while the page is open
    }
    for (const listener of this.listeners) listener();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}

function load(key: string): PendingChange[] {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as PendingChange[]) : [];
  } catch {
    return [];
  }
}
