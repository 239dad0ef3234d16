import * as Y from 'yjs';
import { applyCommentOp, type CommentActor, type CommentOp, type CommentResult, listThreads, type Thread } from '@tandem/comments';
import type { SyncServer } from '@tandem/sync';
import { commentsRoomId } from './comments-room.js';

/** Told about every comment created (a thread's first comment or a reply), once it is stored. */
export type CommentCreated = (event: CommentCreatedEvent) => void;

/** A stored new comment, and the address of the server it was made on (for links). */
export interface CommentCreatedEvent {
  docId: string;
  thread: Thread;
  result: CommentResult;
  actor: CommentActor;
  baseUrl: string;
}

/**
 * A document's comments on the server: the one writer of its comments room. An operation is
 * applied as a server-side change (stored before it is relayed, like any update), so every
 * connected reader sees it at once and an acknowledged comment survives a crash.
 */
export class CommentsService {
  private readonly sync: SyncServer;
  private readonly onCreated: CommentCreated[] = [];

  constructor(sync: SyncServer) {
    this.sync = sync;
  }

  /** Calls `listener` after each stored new comment. */
  created(listener: CommentCreated): void {
    this.onCreated.push(listener);
  }

  /** Every visible thread of `docId`, oldest first (none when nobody commented yet). */
  async threads(docId: string): Promise<Thread[]> {
    const doc = await this.sync.snapshot(commentsRoomId(docId));
    if (!doc) return [];
    try {
      return listThreads(doc);
    } finally {
      doc.destroy();
    }
  }

  /** The encoded state of the comments doc (for versions and backups), or null when empty. */
  async state(docId: string): Promise<Uint8Array | null> {
    const doc = await this.sync.snapshot(commentsRoomId(docId));
    if (!doc) return null;
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /** Applies `op` as `actor`; resolves once it is stored. Throws CommentError when refused. */
  async apply(docId: string, op: CommentOp, actor: CommentActor, baseUrl = ''): Promise<CommentResult> {
    let result: CommentResult | null = null;
    await this.sync.change(commentsRoomId(docId), (doc) => {
      result = applyCommentOp(doc, op, actor, Date.now());
    });
    const done = result as CommentResult | null;
    if (!done) throw new Error('comment operation did not run');
    if (done.created) {
      for (const listener of this.onCreated) {
        try {
          listener({ docId, thread: done.thread, result: done, actor, baseUrl });
        } catch {
          // a listener's failure (a notification, an event) never undoes a stored comment
        }
      }
    }
    return done;
  }
}
