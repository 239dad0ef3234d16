import type { CommentAuthor } from '@tandem/comments';
import {
  anchorFromRange,
  commentHighlights,
  FINAL_STATES,
  type CommentsSession,
  type EditorHandle,
  type HighlightOptions,
  newCommentId,
  openComments,
  refreshHighlights,
  setActiveThread,
  type ShownThread,
  type ThreadRanges,
  windowedTop,
} from '@tandem/editor';
import { api } from '../api.js';
import { h } from '../dom.js';
import { type Mentionable, mentionBox } from './mention-box.js';
import { threadCard, type ThreadCardContext } from './thread-card.js';
import './comments.css';

/** What the comments of the document page are built from. */
export interface CommentsUiOptions {
  editor: EditorHandle;
  docId: string;
  /** The role on the document (null in open mode: everyone may comment). */
  role: string | null;
  /** The signed-in person, if any. */
  user: { id: string; name: string } | null;
  /** The display name (open mode: sent as the author). */
  name: () => string;
  token?: string;
  share?: string;
  /** What the editor's comment highlights plugin reads (see commentsPlugin). */
  highlights: HighlightOptions;
}

/** The highlights plugin to give the editor, and the options object the comments UI fills in. */
export function commentsPlugin(): { plugin: ReturnType<typeof commentHighlights>; highlights: HighlightOptions } {
  const highlights: HighlightOptions = { threads: () => [] };
  return { plugin: commentHighlights(highlights), highlights };
}

/** The comments of the document page: a header button, the column or panel, and the editor's parts. */
export interface CommentsUi {
  /** The header button that opens the panel on narrow screens (and shows the count). */
  readonly button: HTMLButtonElement;
  /** The comment column; place it beside the editor. */
  readonly column: HTMLElement;
  destroy(): void;
}

const WIDE = '(min-width: 1180px)';

/** A speech-bubble icon. */
function commentIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('comment-icon');
  svg.innerHTML = '<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A2.5 2.5 0 0 1 3 13.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>';
  return svg;
}
const GAP = 10;

/**
 * Comments on the document page: select text and press "Comment" (the editor's bar, a bubble
 * by the selection, or Ctrl+Alt+M) to open a thread; threads stand beside their text in a margin
 * column on wide screens, in a panel on narrow ones; clicking a highlight opens its thread and
 * clicking a thread shows its text. Viewers read; commenters, editors and owners write.
 */
export function createCommentsUi(options: CommentsUiOptions): CommentsUi {
  const { editor, docId } = options;
  const view = editor.view;
  const canComment = options.role === null || options.role !== 'viewer';
  const moderator = options.role === null || options.role === 'owner';
  const session: CommentsSession = openComments({
    doc: docId,
    connect: false,
    authorName: options.name,
    ...(options.token ? { token: options.token } : {}),
    ...(options.share ? { share: options.share } : {}),
    ...(options.user ? { identity: options.user.id } : {}),
  });
  const me = (): CommentAuthor => (options.user ? { id: options.user.id, name: options.user.name } : { id: options.role === null ? `guest:${options.name()}` : null, name: options.name() });

  let active: string | null = null;
  let showResolved = false;
  let ranges: ThreadRanges = new Map();
  let threads: ShownThread[] = session.threads();
  let composer: { from: number; to: number; el: HTMLElement } | null = null;

  let peopleCache: Promise<Mentionable[]> | null = null;
  const people = (): Promise<Mentionable[]> =>
    (peopleCache ??= api<{ people: Mentionable[] }>('GET', `/api/docs/${encodeURIComponent(docId)}/people`).then((a) => (a.ok ? a.json.people : []), () => []));

  // --- the column / panel ---------------------------------------------------------------------
  const count = h('span', { class: 'count', 'data-testid': 'comments-count' });
  const button = h('button', { class: 'button comments-button', type: 'button', 'aria-expanded': 'false', 'data-testid': 'comments-button', title: 'Comments', 'aria-label': 'Comments' }, commentIcon(), h('span', { class: 'label' }, 'Comments'), count);
  const resolvedToggle = h('input', { type: 'checkbox', 'data-testid': 'show-resolved' });
  const closeButton = h('button', { class: 'button small comments-close', type: 'button', 'aria-label': 'Close comments' }, '×');
  const refusal = h('p', { class: 'comments-error', role: 'alert', hidden: true, 'data-testid': 'comments-error' });
  const list = h('div', { class: 'comments-list', 'data-testid': 'comments-list' });
  const empty = h('p', { class: 'comments-empty' }, canComment ? 'No comments yet. Select text and press Comment (Ctrl+Alt+M).' : 'No comments yet.');
  const column = h(
    'aside',
    { class: 'comments-column', 'aria-label': 'Comments', 'data-testid': 'comments-column' },
    h('div', { class: 'comments-head' }, h('strong', {}, 'Comments'), h('label', { class: 'show-resolved' }, resolvedToggle, ' Show resolved'), closeButton),
    refusal,
    list,
  );
  const wide = globalThis.matchMedia?.(WIDE);
  const isWide = () => wide?.matches ?? false;
  const setOpen = (open: boolean) => {
    column.classList.toggle('is-open', open);
    button.setAttribute('aria-expanded', String(open));
    if (open) layout();
  };
  button.addEventListener('click', () => setOpen(!column.classList.contains('is-open')));
  closeButton.addEventListener('click', () => setOpen(false));
  resolvedToggle.addEventListener('change', () => {
    showResolved = resolvedToggle.checked;
    render();
  });

  const ctx: ThreadCardContext = {
    me,
    canComment,
    moderator,
    people,
    change: (change) => session.change(change),
    activate: (id) => activate(id, true),
  };

  const cards = new Map<string, { key: string; el: HTMLElement }>();
  const visible = () => threads.filter((t) => showResolved || !t.resolved);

  /** Draws the threads, rebuilding only the cards whose content changed (a reply being typed survives). */
  function render(): void {
    const shown = visible();
    const unresolved = threads.filter((t) => !t.resolved).length;
    count.textContent = unresolved ? String(unresolved) : '';
    const keep = new Set<string>();
    const ordered = [...shown].sort((a, b) => (ranges.get(a.id)?.from ?? Infinity) - (ranges.get(b.id)?.from ?? Infinity) || a.createdAt - b.createdAt);
    const els: HTMLElement[] = [];
    for (const thread of ordered) {
      const onText = ranges.has(thread.id);
      const key = JSON.stringify([thread, onText, thread.id === active, canComment]);
      let entry = cards.get(thread.id);
      if (!entry || entry.key !== key) {
        const el = threadCard(thread, onText, thread.id === active, ctx);
        const typing = entry?.el.querySelector<HTMLTextAreaElement>('[data-testid="reply-input"]');
        const next = el.querySelector<HTMLTextAreaElement>('[data-testid="reply-input"]');
        if (typing && next && typing.value) {
          next.value = typing.value;
          if (document.activeElement === typing) queueMicrotask(() => next.focus());
        }
        entry = { key, el };
        cards.set(thread.id, entry);
      }
      keep.add(thread.id);
      els.push(entry.el);
    }
    for (const id of [...cards.keys()]) if (!keep.has(id)) cards.delete(id);
    const items = composer ? [composer.el, ...els] : els;
    list.replaceChildren(...(items.length ? items : [empty]));
    layout();
  }

  /** On wide screens, stands each thread beside its text (in order, never overlapping). */
  function layout(): void {
    if (!isWide()) {
      for (const el of list.children) (el as HTMLElement).style.top = '';
      list.style.height = '';
      column.classList.remove('is-margin');
      return;
    }
    column.classList.add('is-margin');
    const base = list.getBoundingClientRect().top;
    const desired = (el: HTMLElement): number => {
      const id = el.dataset.thread;
      const r = id ? ranges.get(id) : composer && el === composer.el ? composer : undefined;
      if (!r) return Infinity;
      try {
        // a block out of the viewport window of a large document has no box: its estimate
        return (windowedTop(view, r.from) ?? view.coordsAtPos(r.from).top) - base;
      } catch {
        return Infinity;
      }
    };
    const els = [...list.children] as HTMLElement[];
    const tops = els.map(desired);
    let next = 0;
    const placed: number[] = [];
    els.forEach((el, i) => {
      const want = Number.isFinite(tops[i]!) ? tops[i]! : next;
      const top = Math.max(want, next);
      placed.push(top);
      next = top + el.offsetHeight + GAP;
    });
    // the active thread stands exactly by its text: push the ones above it up if they can go
    const ai = els.findIndex((el) => el.dataset.thread === active || (composer && el === composer.el));
    if (ai >= 0 && Number.isFinite(tops[ai]!) && placed[ai]! > tops[ai]!) {
      placed[ai] = tops[ai]!;
      for (let i = ai - 1; i >= 0; i--) placed[i] = Math.min(placed[i]!, placed[i + 1]! - els[i]!.offsetHeight - GAP);
      const shift = Math.min(0, placed[0] ?? 0);
      for (let i = 0; i < placed.length; i++) placed[i] = placed[i]! - shift;
      for (let i = ai + 1; i < els.length; i++) placed[i] = Math.max(placed[i]!, placed[i - 1]! + els[i - 1]!.offsetHeight + GAP);
    }
    els.forEach((el, i) => (el.style.top = `${placed[i]}px`));
    const last = els.length ? placed[els.length - 1]! + els[els.length - 1]!.offsetHeight : 0;
    list.style.height = `${last}px`;
  }

  function activate(id: string | null, fromCard: boolean): void {
    if (active === id) return;
    active = id;
    setActiveThread(view, id);
    render();
    if (!id) return;
    if (!isWide()) setOpen(true);
    const card = cards.get(id)?.el;
    if (fromCard) {
      const r = ranges.get(id);
      if (r) {
        const far = windowedTop(view, r.from);
        const win = view.dom.ownerDocument.defaultView;
        // out of the window, the text has no box: scroll to its estimate, and the window follows
        if (far !== null && win) win.scrollBy({ top: far - win.innerHeight / 2, behavior: 'smooth' });
        else {
          const dom = view.domAtPos(r.from).node as HTMLElement;
          (dom.nodeType === 1 ? dom : dom.parentElement)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        }
      }
    } else card?.scrollIntoView({ block: 'nearest' });
  }

  // --- new threads ----------------------------------------------------------------------------
  /** The selected text range, also in a read-only editor (the browser's selection there). */
  function selectedRange(): { from: number; to: number } | null {
    const { from, to, empty: none } = view.state.selection;
    if (!none) return { from, to };
    const sel = view.dom.ownerDocument.getSelection();
    if (!sel || sel.isCollapsed || !sel.anchorNode || !sel.focusNode || !view.dom.contains(sel.anchorNode) || !view.dom.contains(sel.focusNode)) return null;
    try {
      const a = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
      const b = view.posAtDOM(sel.focusNode, sel.focusOffset);
      return a === b ? null : { from: Math.min(a, b), to: Math.max(a, b) };
    } catch {
      return null;
    }
  }

  function openComposer(): void {
    if (!canComment) return;
    const range = selectedRange();
    if (!range) {
      showError('Select some text to comment on.');
      return;
    }
    const anchor = anchorFromRange(view.state, range.from, range.to);
    if (!anchor) return;
    const quote = view.state.doc.textBetween(range.from, range.to, ' ').slice(0, 500);
    const submit = () => {
      const body = box.value().trim();
      if (!body) return box.focus();
      const id = newCommentId();
      session.change({ kind: 'create', id, anchor, quote, body, at: Date.now() });
      composer = null;
      active = id;
      setActiveThread(view, id);
    };
    const box = mentionBox(people, 'Add a comment… (@ to mention)', submit);
    const send = h('button', { class: 'button primary small', type: 'button', 'data-testid': 'comment-submit' }, 'Comment');
    const cancel = h('button', { class: 'button small', type: 'button', 'data-testid': 'comment-cancel' }, 'Cancel');
    send.addEventListener('click', submit);
    cancel.addEventListener('click', () => {
      composer = null;
      render();
    });
    box.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') cancel.click();
    });
    const el = h('article', { class: 'thread composer is-active', 'data-testid': 'comment-composer' }, h('div', { class: 'thread-top' }, h('span', { class: 'thread-quote' }, `“${quote}”`)), h('div', { class: 'comment-form' }, box.dom, h('div', { class: 'comment-form-actions' }, cancel, send)));
    composer = { ...range, el };
    bubble.hidden = true;
    if (!isWide()) setOpen(true);
    render();
    box.focus();
  }

  let errorTimer: ReturnType<typeof setTimeout> | undefined;
  function showError(message: string): void {
    refusal.textContent = message;
    refusal.hidden = false;
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => (refusal.hidden = true), 6000);
  }
  session.onRefused(({ message }) => showError(`A comment change was refused: ${message}`));

  // the "Comment" button in the editor's bar, and the bubble by a selection
  const barButton = h('button', { class: 'tandem-button comment-bar-button', type: 'button', title: 'Comment (Ctrl+Alt+M)', 'aria-label': 'Comment', 'data-testid': 'toolbar-comment' }, commentIcon(), h('span', {}, 'Comment'));
  barButton.addEventListener('mousedown', (e) => e.preventDefault());
  barButton.addEventListener('click', openComposer);
  const bar = view.dom.closest('.tandem-editor')?.querySelector('.tandem-bar');
  const meta = bar?.querySelector('.tandem-meta');
  if (bar && canComment) bar.insertBefore(barButton, meta ?? null);
  const bubble = h('button', { class: 'comment-bubble', type: 'button', hidden: true, 'data-testid': 'comment-bubble', title: 'Comment (Ctrl+Alt+M)' }, commentIcon(), h('span', {}, 'Comment'));
  bubble.addEventListener('mousedown', (e) => e.preventDefault());
  bubble.addEventListener('click', openComposer);
  const surface = view.dom.parentElement!;
  surface.style.position ||= 'relative';
  const placeBubble = () => {
    const range = canComment ? selectedRange() : null;
    if (!range || composer) {
      bubble.hidden = true;
      return;
    }
    try {
      // in the right margin beside the selection's first line, as Google Docs does: never over the text
      const start = view.coordsAtPos(range.from);
      const box = surface.getBoundingClientRect();
      bubble.style.top = `${start.top - box.top - 4}px`;
      bubble.style.right = '4px';
      bubble.hidden = false;
    } catch {
      bubble.hidden = true;
    }
  };
  if (canComment) view.dom.parentElement!.append(bubble);
  const doc = view.dom.ownerDocument;
  const onSelection = () => placeBubble();
  doc.addEventListener('selectionchange', onSelection);
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey && e.altKey && (e.key === 'm' || e.key === 'M' || e.code === 'KeyM')) {
      e.preventDefault();
      openComposer();
    }
  };
  doc.addEventListener('keydown', onKey);

  // --- highlights in the editor ---------------------------------------------------------------
  Object.assign(options.highlights, {
    threads: () => visible().filter((t) => t.anchor),
    onRanges: (next: ThreadRanges) => {
      ranges = next;
      render();
    },
    onClick: (id: string) => activate(id, false),
  } satisfies HighlightOptions);
  refreshHighlights(view);

  // a link to a thread (`#comment-<id>`, as notifications give) opens it once it is known
  let wanted = /^#comment-([A-Za-z0-9_-]{8,64})$/.exec(location.hash)?.[1] ?? null;
  const openWanted = () => {
    if (!wanted || !threads.some((t) => t.id === wanted)) return;
    const id = wanted;
    wanted = null;
    if (threads.find((t) => t.id === id)?.resolved) {
      showResolved = resolvedToggle.checked = true;
    }
    activate(id, true);
  };
  const offChange = session.onChange(() => {
    threads = session.threads();
    if (active && !threads.some((t) => t.id === active)) active = null;
    refreshHighlights(view);
    render();
    openWanted();
  });
  // the comments socket follows the document's: up once the document's is, down when access ends
  const offStatus = editor.onStatus((status) => {
    if (FINAL_STATES.has(status.state)) session.provider.disconnect();
    else if (status.connection === 'connected' && !session.provider.shouldConnect) session.provider.connect();
  });
  if (editor.status.connection === 'connected') session.provider.connect();
  const onResize = () => layout();
  globalThis.addEventListener('resize', onResize);
  wide?.addEventListener('change', onResize);
  render();
  openWanted();

  return {
    button,
    column,
    destroy() {
      offChange();
      offStatus();
      clearTimeout(errorTimer);
      doc.removeEventListener('selectionchange', onSelection);
      doc.removeEventListener('keydown', onKey);
      globalThis.removeEventListener('resize', onResize);
      wide?.removeEventListener('change', onResize);
      barButton.remove();
      bubble.remove();
      Object.assign(options.highlights, { threads: () => [], onRanges: undefined, onClick: undefined });
      session.destroy();
    },
  };
}
