import { createHash } from 'node:crypto';

/**
 * Where a document's comments live: a room (a Y.Doc in the same DocStore as the text) of its own,
 * named from the document id. Ordinary documents may not take these names (see isReservedDocId),
 * so the two can never collide. Ids too long for a prefix get a hash instead.
 */
const PREFIX = '_comments.';
const HASHED = '_comments-';
const MAX_ID = 128;

/** The room holding `docId`'s comments. */
export function commentsRoomId(docId: string): string {
  if (PREFIX.length + docId.length <= MAX_ID) return PREFIX + docId;
  return HASHED + createHash('sha256').update(docId).digest('base64url');
}

/** True for ids set aside for comments rooms: no document, socket or API route may use them. */
export function isReservedDocId(id: string): boolean {
  return id.startsWith(PREFIX) || id.startsWith(HASHED);
}
