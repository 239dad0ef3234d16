import { Plugin, TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  findNext,
  findPrev,
  getMatchHighlights,
  replaceAll,
  replaceNext,
  search,
  SearchQuery,
  setSearchState,
} from 'prosemirror-search';
import { yUndoPluginKey } from 'y-prosemirror';
import { listen } from './listen.js';

/** The find and replace bar of one editor. */
export interface FindBar {
  /** The bar (hidden until opened); goes in the sticky toolbar area. */
  dom: HTMLElement;
  /** A button that opens the bar; shown in read-only editors too. */
  button: HTMLButtonElement;
  /** The search plugin (matching, highlights) and the bar's view binding. */
  plugins: Plugin[];
  /** Opens the bar with the selected text (if short) as the query, and focuses its field. */
  open(): void;
  /** Closes the bar, clears the highlights and returns focus to the text. */
  close(): void;
  destroy(): void;
}

const svg = (body: string) => `<svg viewBox="0 0 24 24" aria-hidden="true">${body}</svg>`;
const ICON = {
  find: svg('<circle cx="11" cy="11" r="6.5"/><path d="m20 20-4.4-4.4"/>'),
  prev: svg('<path d="m6 15 6-6 6 6"/>'),
  next: svg('<path d="m6 9 6 6 6-6"/>'),
  close: svg('<path d="M6 6l12 12M18 6 6 18"/>'),
};

/**
 * Find and replace over prosemirror-search: a bar with the query, "3 of 12", previous / next
 * (Shift+Enter / Enter), a case toggle, and (where the editor is editable) replace and replace
 * all. Replace all is one transaction, so one undo step, and goes through y-prosemirror like any
 * edit. Escape closes the bar and gives focus back to the text.
 */
export function createFindBar(root: HTMLElement): FindBar {
  const shortcut = typeof navigator !== 'undefined' && /Mac|iP(hone|ad|od)/.test(navigator.platform) ? '⌘F' : 'Ctrl+F';
  const ownerDocument = root.ownerDocument;
  let view: EditorView | null = null;
  let caseSensitive = false;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, attrs: Record<string, string> = {}) => {
    const node = ownerDocument.createElement(tag);
    node.className = className;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const button = (label: string, html: string, className = 'tandem-button') => {
    const b = el('button', className, { type: 'button', 'aria-label': label, title: label });
    b.innerHTML = html;
    return b;
  };

  const dom = el('div', 'tandem-find', { role: 'search', 'aria-label': 'Find and replace' });
  dom.hidden = true;
  const find = el('input', 'tandem-find-input', { type: 'search', placeholder: 'Find', 'aria-label': 'Find', autocomplete: 'off', spellcheck: 'false' });
  const count = el('span', 'tandem-find-count', { 'aria-live': 'polite' });
  const prev = button('Previous match (Shift+Enter)', ICON.prev);
  const next = button('Next match (Enter)', ICON.next);
  const matchCase = button('Match case', 'Aa', 'tandem-button tandem-find-case');
  matchCase.setAttribute('aria-pressed', 'false');
  const replaceGroup = el('div', 'tandem-find-replace');
  const replace = el('input', 'tandem-find-input', { type: 'text', placeholder: 'Replace with', 'aria-label': 'Replace with', autocomplete: 'off', spellcheck: 'false' });
  const replaceOne = button('Replace', 'Replace');
  const replaceEvery = button('Replace all', 'All');
  replaceEvery.title = 'Replace all (one undo step)';
  const close = button('Close find (Escape)', ICON.close);
  const findGroup = el('div', 'tandem-find-row');
  findGroup.append(find, count, prev, next, matchCase);
  replaceGroup.append(replace, replaceOne, replaceEvery);
  dom.append(findGroup, replaceGroup, close);
  const opener = button(`Find and replace (${shortcut})`, ICON.find, 'tandem-button tandem-find-open');
  opener.setAttribute('aria-expanded', 'false');

  const query = () => new SearchQuery({ search: find.value, caseSensitive, replace: replace.value, literal: true });
  /** Applies the query; with `jump`, selects the first match from `from` on (wrapping) as you type. */
  const setQuery = (jump: boolean) => {
    if (!view) return;
    const q = query();
    const tr = setSearchState(view.state.tr, q);
    if (jump && q.valid) {
      const from = Math.min(view.state.selection.from, view.state.doc.content.size);
      const hit = q.findNext(view.state, from) ?? q.findNext(view.state, 0, from);
      if (hit) tr.setSelection(TextSelection.create(tr.doc, hit.from, hit.to)).scrollIntoView();
    }
    view.dispatch(tr);
  };
  const run = (command: typeof findNext) => {
    if (view) command(view.state, view.dispatch, view);
  };
  const runReplaceAll = () => {
    if (!view || !view.editable) return;
    const undo = yUndoPluginKey.getState(view.state)?.undoManager;
    undo?.stopCapturing(); // its own undo step, not merged with typing just before or after
    replaceAll(view.state, view.dispatch, view);
    undo?.stopCapturing();
  };

  /** "3 of 12": which highlighted match is selected, of how many. */
  const refresh = () => {
    if (!view || dom.hidden) return;
    const editable = view.editable;
    replaceGroup.hidden = !editable;
    const matches = getMatchHighlights(view.state).find();
    const { from, to } = view.state.selection;
    const at = matches.findIndex((m) => m.from === from && m.to === to);
    count.textContent = !find.value ? '' : matches.length === 0 ? 'No results' : at >= 0 ? `${at + 1} of ${matches.length}` : `${matches.length} found`;
    count.dataset.empty = String(!!find.value && matches.length === 0);
    for (const b of [prev, next, replaceOne, replaceEvery]) b.disabled = matches.length === 0;
  };

  const open = () => {
    if (!view) return;
    dom.hidden = false;
    opener.setAttribute('aria-expanded', 'true');
    const { from, to, empty } = view.state.selection;
    const selected = empty ? '' : view.state.doc.textBetween(from, to, ' ');
    if (selected && selected.length <= 200 && !selected.includes('\n')) find.value = selected;
    setQuery(false);
    find.focus();
    find.select();
    refresh();
  };
  const closeBar = () => {
    if (dom.hidden) return;
    dom.hidden = true;
    opener.setAttribute('aria-expanded', 'false');
    if (view) {
      view.dispatch(setSearchState(view.state.tr, new SearchQuery({ search: '' })));
      view.focus();
    }
  };

  const onKey = (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === 'Escape') {
      event.preventDefault();
      closeBar();
    } else if (event.key === 'Enter' && event.target === find) {
      event.preventDefault();
      run(event.shiftKey ? findPrev : findNext);
    } else if (event.key === 'Enter' && event.target === replace) {
      event.preventDefault();
      if (mod) runReplaceAll();
      else if (view?.editable) run(replaceNext);
    }
  };
  /** Mod-F anywhere in the editor (the text, a read-only text, the toolbar, this bar) opens the bar. */
  const onRootKey = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      open();
    }
  };
  const unlisten = [
    listen(root, 'keydown', onRootKey),
    listen(dom, 'keydown', onKey),
    listen(find, 'input', () => setQuery(true)),
    listen(replace, 'input', () => setQuery(false)),
    listen(prev, 'click', () => run(findPrev)),
    listen(next, 'click', () => run(findNext)),
    listen(matchCase, 'click', () => {
      caseSensitive = !caseSensitive;
      matchCase.setAttribute('aria-pressed', String(caseSensitive));
      setQuery(true);
    }),
    listen(replaceOne, 'click', () => view?.editable && run(replaceNext)),
    listen(replaceEvery, 'click', runReplaceAll),
    listen(close, 'click', closeBar),
    listen(opener, 'click', () => (dom.hidden ? open() : closeBar())),
  ];

  const bind = new Plugin({
    view(v) {
      view = v;
      return {
        update: refresh,
        destroy: () => {
          if (view === v) view = null;
        },
      };
    },
  });

  return {
    dom,
    button: opener,
    plugins: [search(), bind],
    open,
    close: closeBar,
    destroy() {
      for (const off of unlisten) off();
      dom.remove();
      opener.remove();
    },
  };
}
