/**
 * The shape of comment threads, as stored in a document's comments Y.Doc and answered by the
 * REST API. Plain JSON values: the server is the only writer of the comments doc, so a thread is
 * replaced whole on every change and no two writers ever merge inside one.
 */

/** Who wrote or resolved something, as the server stamped it (never as a client stated it). */
export interface CommentAuthor {
  /** The person's account id (`token:<sub>` for a token, `guest:<name>` in open mode), or null for a share link. */
  id: string | null;
  name: string;
}

/** Where a thread sits in the text: two Yjs relative positions (base64 of Y.encodeRelativePosition). */
export interface CommentAnchor {
  start: string;
  end: string;
}

/** One comment of a thread (the first one opens it). */
export interface Comment {
  id: string;
  author: CommentAuthor;
  /** Plain text; `@[Name](userId)` marks a mention. Empty once deleted. */
  body: string;
  /** Account ids mentioned in the body. */
  mentions: string[];
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
}

/** A discussion anchored to a range of the text. */
export interface Thread {
  id: string;
  /** null for a comment on the whole document (made through the API without a range). */
  anchor: CommentAnchor | null;
  /** The text the range covered when the thread was opened. */
  quote: string;
  author: CommentAuthor;
  createdAt: number;
  resolved: boolean;
  resolvedBy: CommentAuthor | null;
  resolvedAt: number | null;
  /** True once its first comment was deleted: the whole thread is gone from view. */
  deleted: boolean;
  comments: Comment[];
}

/** Name of the Y.Map of threads (thread id -> Thread) in a comments Y.Doc. */
export const THREADS_MAP = 'threads';

/** Limits that keep one document's discussion bounded. */
export const COMMENT_LIMITS = {
  /** Characters of one comment. */
  body: 10_000,
  /** Characters of a thread's quote (longer quotes are cut). */
  quote: 500,
  /** Characters of one encoded anchor position. */
  anchor: 512,
  /** Threads in one document. */
  threads: 5_000,
  /** Comments in one thread. */
  comments: 500,
  /** Characters of a display name. */
  name: 80,
} as const;

/** Client-chosen ids (so a replayed POST is recognised): 8-64 of `[A-Za-z0-9_-]`. */
export const COMMENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** True when `id` is a well-formed thread or comment id. */
export function isCommentId(id: unknown): id is string {
  return typeof id === 'string' && COMMENT_ID_PATTERN.test(id);
}

/** Mentions in a comment body: `@[Name](userId)`. */
const MENTION = /@\[([^\]\n]{1,80})\]\(([A-Za-z0-9_:.-]{1,128})\)/g;

/** The account ids a body mentions, each once, in order. */
export function mentionsIn(body: string): string[] {
  const ids: string[] = [];
  for (const m of body.matchAll(MENTION)) if (!ids.includes(m[2]!)) ids.push(m[2]!);
  return ids;
}

/** Splits a body into text and mentions, for rendering without HTML. */
export function bodyParts(body: string): Array<{ text: string } | { mention: string; userId: string }> {
  const parts: Array<{ text: string } | { mention: string; userId: string }> = [];
  let last = 0;
  for (const m of body.matchAll(MENTION)) {
    if (m.index! > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ mention: m[1]!, userId: m[2]! });
    last = m.index! + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The body as plain text, mentions as `@Name`. */
export function plainBody(body: string): string {
  return body.replace(MENTION, (_all, name: string) => `@${name}`);
}
