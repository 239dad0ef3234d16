import { type Comment, plainBody } from '@tandem/comments';
import type { AccountStore } from '@tandem/accounts-store';
import type { Logger } from '@tandem/sync';
import type { Mailer } from '../mail/mailer.js';
import type { CommentCreatedEvent } from './comments-service.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Subject, plain text and HTML of a mention mail. */
export function mentionMail(who: string, title: string, excerpt: string, url: string): { subject: string; text: string; html: string } {
  const subject = `${who} mentioned you in “${title}”`;
  const text = [`${who} mentioned you in a comment on “${title}”:`, '', `  ${excerpt}`, '', `Open the discussion: ${url}`].join('\n');
  const html = [
    `<p>${escapeHtml(who)} mentioned you in a comment on “${escapeHtml(title)}”:</p>`,
    `<blockquote style="border-left:3px solid #ddd;margin:0;padding-left:0.75em;color:#333">${escapeHtml(excerpt)}</blockquote>`,
    `<p><a href="${escapeHtml(url)}">Open the discussion</a></p>`,
  ].join('\n');
  return { subject, text, html };
}

/** What mention notices need: the people, the mail (when SMTP_URL is set) and how to name a document. */
export interface MentionNoticeDeps {
  store: AccountStore;
  mailer: Mailer | null;
  logger: Logger;
  /** The document's title (for the mail). */
  titleOf: (docId: string) => Promise<string>;
}

/** A comment's mentions as of who was mentioned (not its author, only people with access). */
async function mentioned(store: AccountStore, docId: string, comment: Comment): Promise<string[]> {
  const ids: string[] = [];
  for (const id of comment.mentions) {
    if (id === comment.author.id) continue;
    const user = await store.userById(id);
    if (!user || user.disabled) continue;
    if (!user.admin && (await store.roleOf(docId, id)) === null) continue;
    ids.push(id);
  }
  return ids;
}

/**
 * Notifies the people a new comment mentions: a notification in their list (shown in the app
 * with an unread count) and, when a mailer is configured, an e-mail with a link to the thread.
 * Only people with access to the document are notified (a mention cannot leak the document).
 */
export function mentionNotices(deps: MentionNoticeDeps): (event: CommentCreatedEvent) => Promise<void> {
  return async ({ docId, thread, result, baseUrl }) => {
    const comment = result.created;
    if (!comment || comment.mentions.length === 0) return;
    const excerpt = plainBody(comment.body).slice(0, 280);
    const url = `${baseUrl}/d/${encodeURIComponent(docId)}#comment-${thread.id}`;
    let title: string | null = null;
    for (const userId of await mentioned(deps.store, docId, comment)) {
      await deps.store.addNotification({
        id: `${comment.id}:${userId}`,
        userId,
        kind: 'mention',
        docId,
        threadId: thread.id,
        commentId: comment.id,
        actorName: comment.author.name,
        excerpt,
        createdAt: comment.createdAt,
        readAt: null,
      });
      if (!deps.mailer) continue;
      const user = await deps.store.userById(userId);
      if (!user) continue;
      title ??= (await deps.titleOf(docId)) || 'Untitled';
      const mail = mentionMail(comment.author.name, title, excerpt, url);
      try {
        await deps.mailer.send(user.email, mail.subject, mail.text, mail.html);
        deps.logger.info('mail.sent', { kind: 'mention', doc: docId });
      } catch (err) {
        deps.logger.warn('mail.failed', { kind: 'mention', doc: docId, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
}

