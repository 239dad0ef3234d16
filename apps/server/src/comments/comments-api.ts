import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CommentError, isCommentId, parseCreate, parseReply } from '@tandem/comments';
import type { AuthEnv } from '../auth/auth-services.js';
import { baseUrl } from '../auth/cookies.js';
import { docAccess, docIdOf } from '../auth/guards.js';
import { jsonBody } from '../routes/auth-api.js';
import { commentActor } from './comment-author.js';
import { announce } from '../events/request-events.js';
import type { CommentsService } from './comments-service.js';

/** Runs a comment operation, answering its CommentError as JSON with its status. */
async function answering(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CommentError) throw new HTTPException(err.status, { message: err.message });
    throw err;
  }
}

function threadIdOf(raw: string): string {
  if (!isCommentId(raw)) throw new HTTPException(400, { message: 'invalid thread or comment id' });
  return raw;
}

/**
 * Comment threads under `/api/docs/:id/comments`: list them (anyone who can read the document),
 * open a thread, reply, edit or delete one's own comment, resolve and reopen (commenters, editors,
 * owners; owners may also delete others' comments). The author is the caller as the server knows
 * them. Ids are the client's, so a replayed request (an offline outbox) changes nothing twice.
 */
export function commentsApi(comments: CommentsService): Hono<AuthEnv> {
  const status = (created: boolean) => (created ? 201 : 200) as 200 | 201;
  return new Hono<AuthEnv>()
    .get('/docs/:id/comments', docAccess('viewer'), async (c) => {
      const all = await comments.threads(docIdOf(c.req.param('id')));
      const resolved = c.req.query('resolved');
      const threads = resolved === 'true' || resolved === 'false' ? all.filter((t) => t.resolved === (resolved === 'true')) : all;
      return c.json({ threads });
    })
    .post('/docs/:id/comments', docAccess('commenter'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await jsonBody(c);
      return answering(async () => {
        const op = parseCreate(body);
        const result = await comments.apply(id, op, await commentActor(c, id, body.authorName), baseUrl(c, c.var.auth));
        if (result.created) announce(c, { type: 'comment.created', docId: id, data: { threadId: op.id, commentId: result.created.id, reply: false, mentions: result.created.mentions.length } });
        return c.json(result.thread, status(result.changed));
      });
    })
    .post('/docs/:id/comments/:thread/replies', docAccess('commenter'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await jsonBody(c);
      return answering(async () => {
        const op = parseReply(c.req.param('thread'), body);
        const result = await comments.apply(id, op, await commentActor(c, id, body.authorName), baseUrl(c, c.var.auth));
        if (result.created) announce(c, { type: 'comment.created', docId: id, data: { threadId: op.threadId, commentId: result.created.id, reply: true, mentions: result.created.mentions.length } });
        return c.json(result.thread, status(result.changed));
      });
    })
    .patch('/docs/:id/comments/:thread', docAccess('commenter'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const threadId = threadIdOf(c.req.param('thread'));
      const body = await jsonBody(c);
      if (typeof body.resolved !== 'boolean') throw new HTTPException(400, { message: 'resolved must be true or false' });
      const resolved = body.resolved;
      return answering(async () => {
        const result = await comments.apply(id, { kind: 'resolve', threadId, resolved }, await commentActor(c, id, body.authorName), baseUrl(c, c.var.auth));
        return c.json(result.thread);
      });
    })
    .patch('/docs/:id/comments/:thread/comments/:comment', docAccess('commenter'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const threadId = threadIdOf(c.req.param('thread'));
      const commentId = threadIdOf(c.req.param('comment'));
      const body = await jsonBody(c);
      if (typeof body.body !== 'string') throw new HTTPException(400, { message: 'body must be a string' });
      const text = body.body;
      return answering(async () => {
        const result = await comments.apply(id, { kind: 'edit', threadId, commentId, body: text }, await commentActor(c, id, body.authorName), baseUrl(c, c.var.auth));
        return c.json(result.thread);
      });
    })
    .delete('/docs/:id/comments/:thread/comments/:comment', docAccess('commenter'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const threadId = threadIdOf(c.req.param('thread'));
      const commentId = threadIdOf(c.req.param('comment'));
      const stated = c.req.query('authorName');
      return answering(async () => {
        const result = await comments.apply(id, { kind: 'delete', threadId, commentId }, await commentActor(c, id, stated), baseUrl(c, c.var.auth));
        return c.json(result.thread);
      });
    });
}
