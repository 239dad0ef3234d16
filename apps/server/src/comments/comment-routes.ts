import { Hono } from 'hono';
import { getTitle as titleOf } from '@tandem/document';
import type { Logger, SyncServer } from '@tandem/sync';
import type { AuthEnv, AuthServices } from '../auth/auth-services.js';
import { commentsApi } from './comments-api.js';
import { CommentsService, type CommentCreatedEvent } from './comments-service.js';
import { mentionNotices } from './mention-notices.js';
import { notificationsApi } from './notifications-api.js';
import { peopleApi } from './people-api.js';
import { commentsExportApi } from './export-api.js';
import type { DocStore } from '@tandem/store';

/** What the comment routes are built from. */
export interface CommentRoutesDeps {
  store: DocStore;
  sync: SyncServer;
  logger: Logger;
  auth: AuthServices;
  /** Told about each stored new comment (the server events bus's `comment.created`). */
  onCreated?: (event: CommentCreatedEvent) => void;
}

/**
 * Everything comments add to `/api`: the threads API, who can be mentioned, the notifications
 * list, and what happens after a new comment (mention notices and mail, the events bus).
 */
export function commentRoutes({ store: docs, sync, logger, auth, onCreated }: CommentRoutesDeps): Hono<AuthEnv> {
  const comments = new CommentsService(sync);
  const store = auth.accounts?.store;
  if (store) {
    const notify = mentionNotices({
      store,
      mailer: auth.mailer,
      logger,
      titleOf: async (docId) => {
        const doc = await sync.snapshot(docId);
        try {
          return doc ? titleOf(doc) : '';
        } finally {
          doc?.destroy();
        }
      },
    });
    comments.created((event) => {
      notify(event).catch((err: unknown) => logger.warn('comments.notify_failed', { doc: event.docId, error: String(err) }));
    });
  }
  if (onCreated) comments.created(onCreated);
  return new Hono<AuthEnv>()
    .route('/', commentsApi(comments))
    .route('/', peopleApi())
    .route('/', notificationsApi())
    .route('/', commentsExportApi(docs, sync, comments));
}
