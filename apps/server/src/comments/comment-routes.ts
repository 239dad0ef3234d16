import { Hono } from 'hono';
import type { Logger, SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { commentsApi } from './comments-api.js';
import { CommentsService } from './comments-service.js';
import { peopleApi } from './people-api.js';

/** What the comment routes are built from. */
export interface CommentRoutesDeps {
  sync: SyncServer;
  logger: Logger;
}

/** Everything comments add to `/api`: the threads API (and what listens to new comments). */
export function commentRoutes({ sync }: CommentRoutesDeps): Hono<AuthEnv> {
  const comments = new CommentsService(sync);
  return new Hono<AuthEnv>().route('/', commentsApi(comments)).route('/', peopleApi());
}
