import { bodyParts, type Comment, type CommentAuthor } from '@tandem/comments';
import type { PendingChange, ShownThread } from '@tandem/editor';
import { newCommentId } from '@tandem/editor';
import { h, relativeTime } from '../dom.js';
import { type Mentionable, mentionBox } from './mention-box.js';

/** What a thread card needs from the panel. */
export interface ThreadCardContext {
  /** Who is looking (to offer edit and delete on their own comments). */
  me: () => CommentAuthor;
  canComment: boolean;
  /** Owners may delete anyone's comment. */
  moderator: boolean;
  people: () => Promise<Mentionable[]>;
  change: (change: PendingChange) => void;
  /** The card was clicked: make its thread the active one. */
  activate: (threadId: string) => void;
}

const isMine = (author: CommentAuthor, me: CommentAuthor) => (author.id !== null && author.id === me.id) || (author.id?.startsWith('guest:') && author.name === me.name) || (author.id === null && me.id === null && author.name === me.name);

/** A comment's text with mentions set apart (never as HTML). */
function bodyOf(comment: Comment): HTMLElement {
  const p = h('p', { class: 'comment-body' });
  for (const part of bodyParts(comment.body)) p.append('text' in part ? part.text : h('span', { class: 'mention', 'data-user': part.userId }, `@${part.mention}`));
  return p;
}

/** One comment: author, time, text, and its own edit and delete. */
function commentRow(thread: ShownThread, comment: Comment, ctx: ThreadCardContext): HTMLElement {
  const me = ctx.me();
  const pending = thread.pendingComments.includes(comment.id);
  const mine = isMine(comment.author, me);
  const row = h('div', { class: 'comment', 'data-testid': 'comment', 'data-comment': comment.id });
  const when = pending ? 'Sending…' : relativeTime(new Date(comment.createdAt).toISOString());
  const head = h(
    'div',
    { class: 'comment-head' },
    h('span', { class: 'comment-avatar', 'aria-hidden': 'true' }, comment.author.name.slice(0, 1).toUpperCase()),
    h('span', { class: 'comment-author', 'data-testid': 'comment-author' }, comment.author.name),
    h('span', { class: 'comment-time', title: new Date(comment.createdAt).toLocaleString() }, when, comment.editedAt ? ' · edited' : ''),
  );
  row.append(head);
  if (comment.deleted) {
    row.append(h('p', { class: 'comment-body deleted' }, 'Comment deleted'));
    return row;
  }
  const body = bodyOf(comment);
  row.append(body);
  if (!ctx.canComment || pending) return row;
  const actions = h('div', { class: 'comment-actions' });
  if (mine) {
    const edit = h('button', { class: 'link-button', type: 'button', 'data-testid': 'comment-edit' }, 'Edit');
    edit.addEventListener('click', (e) => {
      e.stopPropagation();
      const box = mentionBox(ctx.people, 'Edit comment', () => save.click());
      box.set(comment.body);
      const save = h('button', { class: 'button primary small', type: 'button', 'data-testid': 'comment-save' }, 'Save');
      const cancel = h('button', { class: 'button small', type: 'button' }, 'Cancel');
      const form = h('div', { class: 'comment-form' }, box.dom, h('div', { class: 'comment-form-actions' }, cancel, save));
      save.addEventListener('click', () => {
        const text = box.value().trim();
        if (text) ctx.change({ kind: 'edit', threadId: thread.id, commentId: comment.id, body: text, at: Date.now() });
      });
      cancel.addEventListener('click', () => form.replaceWith(body));
      body.replaceWith(form);
      actions.remove();
      box.focus();
    });
    actions.append(edit);
  }
  if (mine || ctx.moderator) {
    const del = h('button', { class: 'link-button', type: 'button', 'data-testid': 'comment-delete' }, 'Delete');
    del.addEventListener('click', (e) => {
      e.stopPropagation();
      const first = thread.comments[0]?.id === comment.id;
      if (!confirm(first ? 'Delete this comment thread?' : 'Delete this comment?')) return;
      ctx.change({ kind: 'delete', threadId: thread.id, commentId: comment.id, at: Date.now() });
    });
    actions.append(del);
  }
  row.append(actions);
  return row;
}

/**
 * A thread as a card: what it is on (or "On deleted text"), its comments, resolve or reopen, and
 * a reply box for whoever may comment.
 */
export function threadCard(thread: ShownThread, onText: boolean, active: boolean, ctx: ThreadCardContext): HTMLElement {
  const card = h('article', {
    class: `thread${active ? ' is-active' : ''}${thread.resolved ? ' is-resolved' : ''}${thread.pending ? ' is-pending' : ''}`,
    'data-testid': 'thread',
    'data-thread': thread.id,
    tabindex: '0',
    'aria-label': `Comment thread by ${thread.author.name}`,
  });
  card.addEventListener('click', () => ctx.activate(thread.id));
  const top = h('div', { class: 'thread-top' });
  if (!thread.anchor) top.append(h('span', { class: 'thread-quote' }, 'On the document'));
  else if (!onText) top.append(h('span', { class: 'thread-quote gone', 'data-testid': 'thread-deleted-text' }, 'On deleted text', thread.quote ? `: “${thread.quote}”` : ''));
  else if (thread.quote) top.append(h('span', { class: 'thread-quote' }, `“${thread.quote}”`));
  if (thread.resolved) top.append(h('span', { class: 'badge resolved-badge', 'data-testid': 'resolved-badge' }, `Resolved${thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ''}`));
  if (ctx.canComment && !thread.pending) {
    const toggle = h('button', { class: 'button small', type: 'button', 'data-testid': thread.resolved ? 'thread-reopen' : 'thread-resolve', title: thread.resolved ? 'Reopen this discussion' : 'Mark as resolved and hide' }, thread.resolved ? 'Reopen' : 'Resolve');
    toggle.addEventListener('click', (e) => {
      e.stopPropagation();
      ctx.change({ kind: 'resolve', threadId: thread.id, resolved: !thread.resolved, at: Date.now() });
    });
    top.append(toggle);
  }
  card.append(top);
  for (const comment of thread.comments) card.append(commentRow(thread, comment, ctx));
  if (ctx.canComment && !thread.pending && (active || thread.comments.length === 1)) {
    const send = () => {
      const text = box.value().trim();
      if (!text) return;
      ctx.change({ kind: 'reply', threadId: thread.id, id: newCommentId(), body: text, at: Date.now() });
      box.set('');
    };
    const box = mentionBox(ctx.people, 'Reply… (@ to mention)', send);
    box.textarea.dataset.testid = 'reply-input';
    const button = h('button', { class: 'button primary small', type: 'button', 'data-testid': 'reply-send' }, 'Reply');
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      send();
    });
    card.append(h('div', { class: 'comment-form reply' }, box.dom, h('div', { class: 'comment-form-actions' }, button)));
  }
  return card;
}
