import { commentsRoomId } from './comments-room.js';

/** Which room a sync socket joins, and whether it may write there. */
export interface SyncRoom {
  id: string;
  /** Forced read-only whatever the role: only the server writes comments. */
  readOnly: boolean;
}

/**
 * The room a sync upgrade `/sync/<docId>[?channel=...]` asks for: the document (no channel), or
 * with `channel=comments` its comments room, read-only for everyone (comments are written through
 * the REST API, where the server stamps the author). null for an unknown channel. The access
 * check is the document's own: whoever may read the document may read its comments.
 */
export function syncRoomOf(target: string | undefined, docId: string): SyncRoom | null {
  const channel = new URLSearchParams((target ?? '').split('?')[1] ?? '').get('channel');
  if (channel === null || channel === '') return { id: docId, readOnly: false };
  if (channel === 'comments') return { id: commentsRoomId(docId), readOnly: true };
  return null;
}
