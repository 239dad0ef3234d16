import type { Node as PMNode } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey, Selection, TextSelection, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';

/**
 * The viewport window of a large document. Chromium recomputes the whole text of a
 * contenteditable on every keystroke (the input-method state: the editable's full plain text and
 * the caret's offset in it), which takes 15-20 ms in a 1 MB document; text under
 * `visibility: hidden` is left out of it. So, in a document of `minBlocks` top-level blocks or
 * more, only the blocks near the viewport, the blocks at the selection's ends (and their
 * neighbours) and the first and last block are marked `tandem-near`; CSS hides the others'
 * text while keeping their layout (heights, scrolling, positions stay exact). The marks are
 * ProseMirror node decorations, computed with the selection in the same transaction, so the
 * caret's block is never hidden; scrolling moves the window (throttled to one measure a frame).
 * Chromium's own move to the document's start or end (Ctrl+Home/End, Cmd+Up/Down) stops at
 * hidden text, so the plugin makes those moves itself.
 *
 * Copying and cutting are unaffected (ProseMirror serialises the selection from the document, not
 * from the screen), and so are the word count, exports and a find over the document model.
 * What it costs: the browser's own find (Ctrl+F) and screen readers see only the window; a print
 * shows everything (the rule is screen-only).
 */
export interface ViewportWindowOptions {
  /** Top-level blocks from which the window is used (default 300): below it every block is shown. */
  minBlocks?: number;
  /** Screen heights shown above and below the viewport (default 1). */
  margin?: number;
  /** Blocks shown before and after each end of the selection (default 2). */
  around?: number;
}

/** Class of the editable root while the window is on. */
export const WINDOWED_CLASS = 'tandem-windowed';
/** Class of a block shown inside the window. */
export const NEAR_CLASS = 'tandem-near';

/** The CSS the window needs (part of the editor's stylesheet). */
export const viewportWindowCss = `
@media screen {
  .tandem-editor .ProseMirror.${WINDOWED_CLASS} > :not(.${NEAR_CLASS}) { visibility: hidden; }
}`;

interface WindowState {
  /** Top-level index range [from, to] (inclusive) measured near the viewport, or null before the first measure. */
  near: [number, number] | null;
  decorations: DecorationSet;
  on: boolean;
  /** The marked blocks' indices, joined (the same: the set is mapped, not built again). */
  marks: string;
}

const key = new PluginKey<WindowState>('tandem-viewport-window');
/** Blocks shown from the top until the first measure. */
const UNMEASURED_BLOCKS = 60;
const NEAR = Decoration.node; // alias only for readability below
const nearAttrs = { class: NEAR_CLASS };

/** Top-level index of `pos` (clamped to the last block). */
function blockIndex(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  return Math.min($pos.index(0), doc.childCount - 1);
}

/** The decorations marking the blocks of `indices` (sorted, unique) as near. */
function decorate(doc: PMNode, indices: number[]): DecorationSet {
  const decos: Decoration[] = [];
  let i = 0;
  let pos = 0;
  // walk the top level once, up to the last wanted index (child offsets are cumulative)
  const last = indices[indices.length - 1] ?? -1;
  for (let index = 0; index <= last && index < doc.childCount; index++) {
    const child = doc.child(index);
    if (indices[i] === index) {
      decos.push(NEAR(pos, pos + child.nodeSize, nearAttrs));
      i++;
    }
    pos += child.nodeSize;
  }
  return DecorationSet.create(doc, decos);
}

/** Which blocks are shown: the measured window, the selection's ends with neighbours, first and last. */
function nearIndices(state: EditorState, near: [number, number] | null, around: number): number[] {
  const { doc, selection } = state;
  const n = doc.childCount;
  const wanted = new Set<number>([0, n - 1]);
  const add = (from: number, to: number) => {
    for (let i = Math.max(0, from); i <= Math.min(n - 1, to); i++) wanted.add(i);
  };
  for (const pos of [selection.anchor, selection.head, selection.from, selection.to]) {
    const index = blockIndex(doc, pos);
    add(index - around, index + around);
  }
  // before the first measure (a document just loaded, shown from its top): the first screenfuls
  add(...(near ?? [0, UNMEASURED_BLOCKS]));
  return [...wanted].sort((a, b) => a - b);
}

/** Shifts a measured index range by the blocks a transaction inserted or removed before it. */
function mapNear(tr: Transaction, near: [number, number] | null): [number, number] | null {
  if (!near || !tr.docChanged) return near;
  const before = tr.before;
  const fromPos = before.resolve(0).posAtIndex(Math.min(near[0], before.childCount - 1), 0);
  const mapped = tr.mapping.map(fromPos, 1);
  const start = blockIndex(tr.doc, mapped);
  const delta = tr.doc.childCount - before.childCount;
  return [start, Math.max(start, near[1] + delta)];
}

/** The window plugin: see the module comment. Add it to the editor's plugins. */
export function viewportWindow(options: ViewportWindowOptions = {}): Plugin<WindowState> {
  const minBlocks = options.minBlocks ?? 300;
  const margin = options.margin ?? 1;
  const around = options.around ?? 2;
  const compute = (state: EditorState, near: [number, number] | null, previous?: WindowState, tr?: Transaction): WindowState => {
    const on = state.doc.childCount >= minBlocks;
    if (!on) return { near, on, decorations: DecorationSet.empty, marks: '' };
    const indices = nearIndices(state, near, around);
    const marks = indices.join(',');
    // the same blocks as before (typing within a block): map the set instead of building it again
    if (previous?.on && previous.marks === marks && tr) {
      const mapped = previous.decorations.map(tr.mapping, state.doc);
      // a mark whose block was replaced is dropped by the mapping: then build it again
      if (mapped.find().length === indices.length) return { near, on, marks, decorations: mapped };
    }
    return { near, on, marks, decorations: decorate(state.doc, indices) };
  };
  return new Plugin<WindowState>({
    key,
    state: {
      init: (_config, state) => compute(state, null),
      apply(tr, value, _old, state) {
        const measured = tr.getMeta(key) as [number, number] | undefined;
        if (!measured && !tr.docChanged && !tr.selectionSet) return value;
        return compute(state, measured ?? mapNear(tr, value.near), value, tr);
      },
    },
    props: {
      handleKeyDown: (view, event) => Boolean(key.getState(view.state)?.on) && moveToBoundary(view, event),
      decorations: (state) => key.getState(state)?.decorations,
      attributes: (state): Record<string, string> => (key.getState(state)?.on ? { class: WINDOWED_CLASS } : {}),
    },
    view(view) {
      const win = view.dom.ownerDocument.defaultView;
      let frame = 0;
      const measure = () => {
        frame = 0;
        if (view.isDestroyed || !key.getState(view.state)?.on) return;
        const range = measureNear(view, margin);
        const current = key.getState(view.state)!.near;
        if (range && (!current || range[0] !== current[0] || range[1] !== current[1])) {
          view.dispatch(view.state.tr.setMeta(key, range).setMeta('addToHistory', false));
        }
      };
      const schedule = () => {
        if (!frame && win) frame = win.requestAnimationFrame(measure);
      };
      const doc = view.dom.ownerDocument;
      doc.addEventListener('scroll', schedule, { capture: true, passive: true });
      win?.addEventListener('resize', schedule, { passive: true });
      schedule();
      return {
        update(v, prev) {
          if (v.state.doc.childCount !== prev.doc.childCount || (key.getState(v.state)?.on && !key.getState(v.state)?.near)) schedule();
        },
        destroy() {
          if (frame && win) win.cancelAnimationFrame(frame);
          doc.removeEventListener('scroll', schedule, { capture: true });
          win?.removeEventListener('resize', schedule);
        },
      };
    },
  });
}

/** Ctrl+Home/End (Cmd+Up/Down on a Mac), with Shift extending: the document's start or end. */
function moveToBoundary(view: EditorView, event: KeyboardEvent): boolean {
  if (event.altKey) return false;
  const mac = /Mac|iP(hone|ad)/.test(view.dom.ownerDocument.defaultView?.navigator.platform ?? '');
  const toEnd = mac ? event.metaKey && event.key === 'ArrowDown' : event.ctrlKey && event.key === 'End';
  const toStart = mac ? event.metaKey && event.key === 'ArrowUp' : event.ctrlKey && event.key === 'Home';
  if (!toEnd && !toStart) return false;
  const { doc, selection } = view.state;
  const target = toEnd ? Selection.atEnd(doc) : Selection.atStart(doc);
  const next = event.shiftKey ? TextSelection.between(selection.$anchor, target.$head) : target;
  view.dispatch(view.state.tr.setSelection(next).scrollIntoView());
  return true;
}

/**
 * The top-level index range on screen, widened by `margin` screen heights each way: a binary
 * search over the blocks' boxes (hidden blocks keep their layout, so the boxes are exact).
 */
function measureNear(view: EditorView, margin: number): [number, number] | null {
  const blocks = view.dom.children;
  const n = Math.min(blocks.length, view.state.doc.childCount);
  if (n === 0) return null;
  const win = view.dom.ownerDocument.defaultView;
  const height = win?.innerHeight ?? 800;
  const top = -margin * height;
  const bottom = height + margin * height;
  /** First block whose bottom is below `y` (the first one that can show at or after y). */
  const firstBelow = (y: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid]!.getBoundingClientRect().bottom < y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [firstBelow(top), firstBelow(bottom)];
}
