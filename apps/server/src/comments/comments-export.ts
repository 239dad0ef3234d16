import * as Y from 'yjs';
import { decodePosition as decode, plainBody, type Thread } from '@tandem/comments';
import { getTitle as titleOf } from '@tandem/document';
import { toHTMLPage, toProseMirrorJSON } from '@tandem/history';

/** A thread of an export, numbered in text order; `onText` false when its text is gone. */
export interface ExportedThread {
  n: number;
  thread: Thread;
  onText: boolean;
}

/** What marks a footnote's place in the text until the HTML is written (invisible separators). */
const marker = (n: number) => `\u2063fn${n}\u2063`;
const MARKER = /\u2063fn(\d+)\u2063/g;

/**
 * Puts a footnote marker at the end of each thread's text, in `doc` (a private copy: the caller's
 * snapshot, changed here and not stored). Threads are numbered in the order their text appears.
 */
function markThreads(doc: Y.Doc, threads: readonly Thread[]): ExportedThread[] {
  const placed: Array<{ thread: Thread; type: Y.XmlText; index: number; order: number }> = [];
  const away: Thread[] = [];
  const fragment = doc.getXmlFragment('prosemirror');
  const order = new Map<Y.XmlText, number>();
  let i = 0;
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) order.set(child, i++);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(fragment);
  for (const thread of threads) {
    const start = thread.anchor ? Y.createAbsolutePositionFromRelativePosition(decode(thread.anchor.start), doc) : null;
    const end = thread.anchor ? Y.createAbsolutePositionFromRelativePosition(decode(thread.anchor.end), doc) : null;
    const collapsed = !start || !end || (start.type === end.type && end.index <= start.index);
    if (collapsed || !(end.type instanceof Y.XmlText) || !order.has(end.type)) {
      away.push(thread);
      continue;
    }
    placed.push({ thread, type: end.type, index: end.index, order: order.get(end.type)! * 1e9 + end.index });
  }
  placed.sort((a, b) => a.order - b.order);
  const numbered: ExportedThread[] = placed.map((p, k) => ({ n: k + 1, thread: p.thread, onText: true }));
  // insert from the back so earlier indexes stay right
  doc.transact(() => {
    for (let k = placed.length - 1; k >= 0; k--) placed[k]!.type.insert(placed[k]!.index, marker(k + 1));
  });
  for (const thread of away) numbered.push({ n: numbered.length + 1, thread, onText: false });
  return numbered;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The document as an HTML page with its comment threads as numbered footnotes. */
export function htmlWithComments(doc: Y.Doc, threads: readonly Thread[], baseUrl: string): string {
  const numbered = markThreads(doc, threads);
  const page = toHTMLPage(toProseMirrorJSON(doc), titleOf(doc), { baseUrl }).replace(
    MARKER,
    (_all, n: string) => `<sup class="comment-ref"><a href="#comment-${n}" id="comment-ref-${n}">[${n}]</a></sup>`,
  );
  if (numbered.length === 0) return page;
  const notes = numbered.map(({ n, thread, onText }) => {
    const head = onText ? `<a href="#comment-ref-${n}">↑</a> ` : '';
    const about = thread.anchor ? (onText ? `On “${escapeHtml(thread.quote)}”` : `On deleted text “${escapeHtml(thread.quote)}”`) : 'On the document';
    const state = thread.resolved ? ` · resolved${thread.resolvedBy ? ` by ${escapeHtml(thread.resolvedBy.name)}` : ''}` : '';
    const comments = thread.comments
      .filter((c) => !c.deleted)
      .map((c) => `<p><strong>${escapeHtml(c.author.name)}</strong> <small>${when(c.createdAt)}${c.editedAt ? ' · edited' : ''}</small><br>${escapeHtml(plainBody(c.body)).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
    return `<li id="comment-${n}">${head}<em>${about}</em>${state}\n${comments}</li>`;
  });
  const section = `<section class="comments"><hr><h2>Comments</h2>\n<ol>\n${notes.join('\n')}\n</ol></section>\n`;
  return page.replace('</body>', `${section}</body>`);
}

/** The document as JSON (title, content) with its threads, each saying whether its text is still there. */
export function jsonWithComments(doc: Y.Doc, threads: readonly Thread[]): { title: string; content: unknown; comments: Array<Thread & { onText: boolean }> } {
  const json = { title: titleOf(doc), content: toProseMirrorJSON(doc) };
  const numbered = markThreads(doc, threads);
  return { ...json, comments: numbered.map(({ thread, onText }) => ({ ...thread, onText })) };
}
