import * as Y from 'yjs';
import {
  COMMENT_LIMITS,
  type Comment,
  type CommentAnchor,
  type CommentAuthor,
  isCommentId,
  mentionsIn,
  THREADS_MAP,
  type Thread,
} from './model.js';

/** A refused comment operation, with the HTTP status the API answers it with. */
export class CommentError extends Error {
  readonly status: 400 | 403 | 404 | 409 | 413;
  constructor(status: 400 | 403 | 404 | 409 | 413, message: string) {
    super(message);
    this.status = status;
    this.name = 'CommentError';
  }
}

/** What the server may do to a comments doc on behalf of someone. */
export type CommentOp =
  | { kind: 'create'; id: string; commentId: string; anchor: CommentAnchor | null; quote: string; body: string }
  | { kind: 'reply'; threadId: string; id: string; body: string }
  | { kind: 'edit'; threadId: string; commentId: string; body: string }
  | { kind: 'delete'; threadId: string; commentId: string }
  | { kind: 'resolve'; threadId: string; resolved: boolean };

/** Who does an operation: the stamped author and whether they may moderate (delete others' comments). */
export interface CommentActor {
  author: CommentAuthor;
  moderator: boolean;
}

/** The result of an operation: the thread as it now is, and whether anything changed (false for a replay). */
export interface CommentResult {
  thread: Thread;
  changed: boolean;
  /** The comment created by this operation (create, reply), for notifications. */
  created: Comment | null;
}

/** The threads map of a comments doc. */
export function threadsOf(doc: Y.Doc): Y.Map<Thread> {
  return doc.getMap<Thread>(THREADS_MAP);
}

/** Every thread not deleted, oldest first. */
export function listThreads(doc: Y.Doc): Thread[] {
  return [...threadsOf(doc).values()].filter((t) => !t.deleted).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

function sameAuthor(a: CommentAuthor, b: CommentAuthor): boolean {
  return a.id !== null ? a.id === b.id : b.id === null && a.name === b.name;
}

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) throw new CommentError(400, 'a comment needs some text');
  if (trimmed.length > COMMENT_LIMITS.body) throw new CommentError(413, `a comment holds at most ${COMMENT_LIMITS.body} characters`);
  return trimmed;
}

function newComment(id: string, body: string, actor: CommentActor, now: number): Comment {
  return { id, author: actor.author, body, mentions: mentionsIn(body), createdAt: now, editedAt: null, deleted: false };
}

function existing(map: Y.Map<Thread>, id: string): Thread {
  const thread = map.get(id);
  if (!thread || thread.deleted) throw new CommentError(404, 'no such thread');
  return thread;
}

/**
 * Applies one operation to a comments doc (inside the caller's transaction), checking who may do
 * it: anyone may reply and resolve, only the author edits a comment, the author or a moderator
 * deletes it (deleting the first comment deletes the thread). Replays of a create or reply with
 * the same id by the same author change nothing and answer the stored thread.
 */
export function applyCommentOp(doc: Y.Doc, op: CommentOp, actor: CommentActor, now: number): CommentResult {
  const map = threadsOf(doc);
  switch (op.kind) {
    case 'create': {
      const prior = map.get(op.id);
      if (prior) {
        if (!sameAuthor(prior.author, actor.author) || prior.comments[0]?.id !== op.commentId) {
          throw new CommentError(409, 'a thread with this id exists');
        }
        return { thread: prior, changed: false, created: null };
      }
      if (map.size >= COMMENT_LIMITS.threads) throw new CommentError(413, `a document holds at most ${COMMENT_LIMITS.threads} threads`);
      const first = newComment(op.commentId, checkBody(op.body), actor, now);
      const thread: Thread = {
        id: op.id,
        anchor: op.anchor,
        quote: op.quote.slice(0, COMMENT_LIMITS.quote),
        author: actor.author,
        createdAt: now,
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        deleted: false,
        comments: [first],
      };
      map.set(op.id, thread);
      return { thread, changed: true, created: first };
    }
    case 'reply': {
      const thread = existing(map, op.threadId);
      const prior = thread.comments.find((c) => c.id === op.id);
      if (prior) {
        if (!sameAuthor(prior.author, actor.author)) throw new CommentError(409, 'a comment with this id exists');
        return { thread, changed: false, created: null };
      }
      if (thread.comments.length >= COMMENT_LIMITS.comments) throw new CommentError(413, `a thread holds at most ${COMMENT_LIMITS.comments} comments`);
      const reply = newComment(op.id, checkBody(op.body), actor, now);
      // a reply reopens a resolved thread, as in Google Docs
      const next: Thread = { ...thread, resolved: false, resolvedBy: null, resolvedAt: null, comments: [...thread.comments, reply] };
      map.set(thread.id, next);
      return { thread: next, changed: true, created: reply };
    }
    case 'edit': {
      const thread = existing(map, op.threadId);
      const comment = thread.comments.find((c) => c.id === op.commentId && !c.deleted);
      if (!comment) throw new CommentError(404, 'no such comment');
      if (!sameAuthor(comment.author, actor.author)) throw new CommentError(403, 'only its author can edit a comment');
      const body = checkBody(op.body);
      if (body === comment.body) return { thread, changed: false, created: null };
      const edited: Comment = { ...comment, body, mentions: mentionsIn(body), editedAt: now };
      const next: Thread = { ...thread, comments: thread.comments.map((c) => (c.id === comment.id ? edited : c)) };
      map.set(thread.id, next);
      return { thread: next, changed: true, created: null };
    }
    case 'delete': {
      const thread = existing(map, op.threadId);
      const comment = thread.comments.find((c) => c.id === op.commentId);
      if (!comment) throw new CommentError(404, 'no such comment');
      if (comment.deleted) return { thread, changed: false, created: null };
      if (!sameAuthor(comment.author, actor.author) && !actor.moderator) {
        throw new CommentError(403, 'only its author or an owner can delete a comment');
      }
      const gone: Comment = { ...comment, body: '', mentions: [], deleted: true };
      const first = thread.comments[0]?.id === comment.id;
      const next: Thread = { ...thread, deleted: first, comments: thread.comments.map((c) => (c.id === comment.id ? gone : c)) };
      map.set(thread.id, next);
      return { thread: next, changed: true, created: null };
    }
    case 'resolve': {
      const thread = existing(map, op.threadId);
      if (thread.resolved === op.resolved) return { thread, changed: false, created: null };
      const next: Thread = op.resolved
        ? { ...thread, resolved: true, resolvedBy: actor.author, resolvedAt: now }
        : { ...thread, resolved: false, resolvedBy: null, resolvedAt: null };
      map.set(thread.id, next);
      return { thread: next, changed: true, created: null };
    }
  }
}

/** The Yjs relative position an anchor's base64 string holds (throws when it holds none). */
export function decodePosition(value: string): Y.RelativePosition {
  return Y.decodeRelativePosition(Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)));
}

/** True when `value` is base64 of a Yjs relative position (bounded in size). */
export function isEncodedPosition(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > COMMENT_LIMITS.anchor) return false;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  try {
    decodePosition(value);
    return true;
  } catch {
    return false;
  }
}

const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string') throw new CommentError(400, `${field} must be a string`);
  return value;
};
const id = (value: unknown, field: string): string => {
  if (!isCommentId(value)) throw new CommentError(400, `${field} must be 8-64 characters of [A-Za-z0-9_-]`);
  return value;
};

/** Reads a new thread from a request body: `{ id, commentId, body, anchor?: { start, end }, quote? }`. */
export function parseCreate(body: Record<string, unknown>): Extract<CommentOp, { kind: 'create' }> {
  let anchor: CommentAnchor | null = null;
  if (body.anchor !== undefined && body.anchor !== null) {
    const a = body.anchor as Record<string, unknown>;
    if (typeof a !== 'object' || !isEncodedPosition(a.start) || !isEncodedPosition(a.end)) {
      throw new CommentError(400, 'anchor must be { start, end }: base64 Yjs relative positions');
    }
    anchor = { start: a.start, end: a.end };
  }
  return {
    kind: 'create',
    id: id(body.id, 'id'),
    commentId: id(body.commentId ?? body.id, 'commentId'),
    anchor,
    quote: body.quote === undefined ? '' : text(body.quote, 'quote'),
    body: text(body.body, 'body'),
  };
}

/** Reads a reply from a request body: `{ id, body }`. */
export function parseReply(threadId: string, body: Record<string, unknown>): Extract<CommentOp, { kind: 'reply' }> {
  return { kind: 'reply', threadId: id(threadId, 'thread id'), id: id(body.id, 'id'), body: text(body.body, 'body') };
}
