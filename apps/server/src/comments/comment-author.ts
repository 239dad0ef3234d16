import type { Context } from 'hono';
import { COMMENT_LIMITS, type CommentActor, CommentError } from '@tandem/comments';
import type { AuthEnv } from '../auth/auth-services.js';

/**
 * Who is commenting, as the server knows it: the signed-in person, else a verified token's subject
 * and name, else (open mode only, unauthenticated) the display name the client states, else a
 * share link's anonymous guest. Owners moderate (may delete others' comments).
 */
export async function commentActor(c: Context<AuthEnv>, docId: string, statedName: unknown): Promise<CommentActor> {
  const { auth, caller, role } = c.var;
  const moderator = role === 'owner';
  if (caller.user) return { author: { id: caller.user.id, name: caller.user.name }, moderator };
  if (caller.token) {
    const { claims } = await auth.roles.grantFor(caller, docId);
    if (claims?.sub) return { author: { id: `token:${claims.sub}`, name: clip(claims.name ?? claims.sub) }, moderator };
  }
  if (auth.mode === 'open') {
    const name = typeof statedName === 'string' ? clip(statedName.trim()) : '';
    if (!name) throw new CommentError(400, 'authorName is required in open mode (who is commenting)');
    return { author: { id: `guest:${name}`, name }, moderator };
  }
  return { author: { id: null, name: 'Guest (share link)' }, moderator };
}

function clip(name: string): string {
  return name.slice(0, COMMENT_LIMITS.name);
}
