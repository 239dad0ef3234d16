import type { Node as PMNode } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey, Selection, TextSelection, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import { BlockHeights } from './block-heights.js';

/**
 * The viewport window of a large document. Chromium lays out every child of the editable again
 * when one changes, and recomputes the editable's whole text on every selection change (the
 * input-method state), which in a 1 MB document costs more than a frame a keystroke. So, in a
 * document of `minBlocks` top-level blocks or more, only the blocks near the viewport, the blocks
 * at the selection's ends (and their neighbours) and the first and last block are marked
 * `tandem-near`; the others are `display: none`, and each run of them has a spacer in its place
 * whose height is the run's (measured when its blocks were last on screen, else estimated:
 * block-heights.ts), so the scroll height and the scrollbar stay about right. The marks are
 * ProseMirror decorations, computed with the selection in the same transaction, so the caret's
 * block is never hidden; scrolling moves the window (one measure a frame), and Chromium's scroll
 * anchoring keeps what is on screen in place when a spacer's estimate gives way to real blocks.
 * Chromium's own move to the document's start or end (Ctrl+Home/End, Cmd+Up/Down) stops at a
 * spacer, so the plugin makes those moves itself.
 *
 * Copying and cutting are unaffected (ProseMirror serialises the selection from the document, not
 * from the screen), and so are the word count, exports and a find over the document model.
 * What it costs: the browser's own find (Ctrl+F) and screen readers see only the window (the
 * editor's `viewportWindow: false` turns it off); a print shows everything (the rule is
 * screen-only); a far block has no box, so code that places things beside the text asks
 * `windowedTop` for its estimated position.
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
/** Class of the spacer standing in for a run of far blocks. */
export const SPACER_CLASS = 'tandem-spacer';

/** The CSS the window needs (part of the editor's stylesheet). */
export const viewportWindowCss = `
@media screen {
  .tandem-editor .ProseMirror.${WINDOWED_CLASS} > :not(.${NEAR_CLASS}):not(.${SPACER_CLASS}):not(.ProseMirror-gapcursor) { display: none; }
}
.tandem-editor .ProseMirror > .${SPACER_CLASS} { display: block; margin: 0; padding: 0; pointer-events: none; }
@media print { .tandem-editor .ProseMirror > .${SPACER_CLASS} { display: none; } }`;

/** A run of far blocks: top-level indices [from, to] and their heights, summed (prefix[k]: the first k). */
interface Run {
  from: number;
  to: number;
  prefix: Float64Array;
}

interface WindowState {
  /** Top-level index range [from, to] (inclusive) measured near the viewport, or null before the first measure. */
  near: [number, number] | null;
  decorations: DecorationSet;
  on: boolean;
  /** The marked blocks' indices, joined (the same: the set is mapped, not built again). */
  marks: string;
  /** The shown blocks' indices, sorted. */
  indices: number[];
  /** The runs of far blocks, in order. */
  runs: Run[];
  /** Whether the spacers' heights were guessed, before any block was measured. */
  guessed: boolean;
  /** Whether the last change came from elsewhere (another client, a restore): what is on screen may have moved. */
  remote: boolean;
}

const key = new PluginKey<WindowState>('tandem-viewport-window');
/** Blocks shown from the top until the first measure. */
const UNMEASURED_BLOCKS = 60;
const nearAttrs = { class: NEAR_CLASS };
/** What a measure dispatches: the window's range, and whether the spacers must be rebuilt. */
interface Measured {
  range: [number, number];
  rebuild: boolean;
}

/** Whether a transaction carries a change from elsewhere: y-prosemirror's, from the shared document. */
function isRemote(tr: Transaction): boolean {
  return tr.docChanged && Boolean((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin);
}

/** Top-level index of `pos` (clamped to the last block). */
function blockIndex(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  return Math.min($pos.index(0), doc.childCount - 1);
}

/** The spacer's element: an empty block, not editable, that the selection never enters. */
function spacer(height: number, from: number) {
  return (view: EditorView): HTMLElement => {
    const el = view.dom.ownerDocument.createElement('div');
    el.className = SPACER_CLASS;
    el.style.height = `${height}px`;
    el.dataset.from = String(from);
    el.contentEditable = 'false';
    el.setAttribute('aria-hidden', 'true');
    return el;
  };
}

/** The decorations: the blocks of `indices` (sorted, unique; the last block among them) marked near, a spacer before each run of the others. */
function decorate(doc: PMNode, indices: number[], heights: BlockHeights): { decorations: DecorationSet; runs: Run[] } {
  const decos: Decoration[] = [];
  const runs: Run[] = [];
  let i = 0;
  let pos = 0;
  let run: { from: number; pos: number; heights: number[] } | null = null;
  const close = (to: number) => {
    if (!run) return;
    const prefix = new Float64Array(run.heights.length + 1);
    run.heights.forEach((h, k) => (prefix[k + 1] = prefix[k]! + h));
    const total = Math.round(prefix[run.heights.length]!);
    decos.push(Decoration.widget(run.pos, spacer(total, run.from), { key: `spacer-${run.from}-${to}-${total}`, side: -1, ignoreSelection: true }));
    runs.push({ from: run.from, to, prefix });
    run = null;
  };
  for (let index = 0; index < doc.childCount; index++) {
    const child = doc.child(index);
    if (indices[i] === index) {
      close(index - 1);
      decos.push(Decoration.node(pos, pos + child.nodeSize, nearAttrs));
      i++;
    } else {
      run ??= { from: index, pos, heights: [] };
      run.heights.push(heights.estimate(child));
    }
    pos += child.nodeSize;
  }
  close(doc.childCount - 1);
  return { decorations: DecorationSet.create(doc, decos), runs };
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

/**
 * Moves a measured index range with the blocks a transaction inserted or removed: each end is
 * mapped by position (blocks typed inside the window widen it, blocks added after it leave it).
 * Inside a replaced stretch an end keeps its index: y-prosemirror replaces the whole document for
 * every remote change (its unchanged blocks the same nodes), and the first render's pieces append.
 */
function mapNear(tr: Transaction, near: [number, number] | null): [number, number] | null {
  if (!near || !tr.docChanged) return near;
  const before = tr.before;
  const last = tr.doc.childCount - 1;
  const fromPos = before.resolve(0).posAtIndex(Math.min(near[0], before.childCount - 1), 0);
  const toPos = before.resolve(0).posAtIndex(Math.min(near[1] + 1, before.childCount), 0);
  const from = tr.mapping.mapResult(fromPos, 1);
  const to = tr.mapping.mapResult(toPos, -1);
  const start = from.deletedAcross ? Math.min(near[0], last) : blockIndex(tr.doc, from.pos);
  const end = to.deletedAcross ? Math.min(near[1], last) : blockIndex(tr.doc, to.pos - 1);
  return [start, Math.max(start, end)];
}

/** The window plugin: see the module comment. Add it to the editor's plugins. */
export function viewportWindow(options: ViewportWindowOptions = {}): Plugin<WindowState> {
  const minBlocks = options.minBlocks ?? 300;
  const margin = options.margin ?? 1;
  const around = options.around ?? 2;
  const heights = new BlockHeights();
  const off = (near: [number, number] | null): WindowState => ({ near, on: false, decorations: DecorationSet.empty, marks: '', indices: [], runs: [], guessed: false, remote: false });
  const compute = (state: EditorState, near: [number, number] | null, previous?: WindowState, tr?: Transaction, rebuild = false): WindowState => {
    if (state.doc.childCount < minBlocks) return off(near);
    const indices = nearIndices(state, near, around);
    const marks = indices.join(',');
    // the same blocks as before (typing within a block): map the set instead of building it again
    if (!rebuild && previous?.on && previous.marks === marks && tr) {
      const mapped = previous.decorations.map(tr.mapping, state.doc);
      // a mark whose block was replaced is dropped by the mapping: then build it again
      if (mapped.find().length === indices.length + previous.runs.length) return { ...previous, near, decorations: mapped, remote: isRemote(tr) };
    }
    return { near, on: true, marks, indices, ...decorate(state.doc, indices, heights), guessed: !heights.measured, remote: Boolean(tr && isRemote(tr)) };
  };
  return new Plugin<WindowState>({
    key,
    state: {
      init: (_config, state) => compute(state, null),
      apply(tr, value, _old, state) {
        const measured = tr.getMeta(key) as Measured | undefined;
        if (!measured && !tr.docChanged && !tr.selectionSet) return value;
        return compute(state, measured?.range ?? mapNear(tr, value.near), value, tr, measured?.rebuild);
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
      let width = view.dom.clientWidth;
      const measure = () => {
        frame = 0;
        const state = key.getState(view.state);
        if (view.isDestroyed || !state?.on) return;
        if (view.dom.clientWidth !== width) {
          width = view.dom.clientWidth;
          heights.reset();
        }
        const range = measureNear(view, margin, state, heights);
        const current = state.near;
        const moved = range && (!current || range[0] !== current[0] || range[1] !== current[1]);
        // the first measure replaces the guessed heights even when the window stays
        if (range && (moved || (state.guessed && heights.measured))) {
          const meta: Measured = { range, rebuild: state.guessed };
          view.dispatch(view.state.tr.setMeta(key, meta).setMeta('addToHistory', false));
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
          const state = key.getState(v.state);
          // a change from elsewhere can move what is on screen (blocks above it grow); typing cannot, much
          if (v.state.doc.childCount !== prev.doc.childCount || (state?.on && (!state.near || state.guessed || (state.remote && v.state.doc !== prev.doc)))) schedule();
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
 * Where the window stands, read from the page on demand: a shown block's box, and the viewport top
 * of a run's spacer (a far block's top is its run's spacer's top plus the estimated heights before
 * it). Each is read at most once; the blocks' start positions only when a shown block is asked for.
 */
class Layout {
  private starts: Int32Array | null = null;
  private spacerTops = new Map<number, number | undefined>();

  constructor(
    private view: EditorView,
    private state: WindowState,
  ) {}

  /** The run holding block `index`, or undefined for a shown block. */
  runOf(index: number): Run | undefined {
    const runs = this.state.runs;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const run = runs[mid]!;
      if (index < run.from) hi = mid - 1;
      else if (index > run.to) lo = mid + 1;
      else return run;
    }
    return undefined;
  }

  /** The viewport top and bottom of block `index`: its box when shown, its estimate when far (null: not rendered yet). */
  box(index: number): { top: number; bottom: number } | null {
    const run = this.runOf(index);
    if (run) {
      const top = this.spacerTop(run);
      if (top === undefined) return null;
      const k = index - run.from;
      return { top: top + run.prefix[k]!, bottom: top + run.prefix[k + 1]! };
    }
    const dom = this.view.nodeDOM(this.startOf(index));
    if (!(dom instanceof this.view.dom.ownerDocument.defaultView!.HTMLElement)) return null;
    const rect = dom.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom };
  }

  private spacerTop(run: Run): number | undefined {
    if (!this.spacerTops.has(run.from)) {
      const el = this.view.dom.querySelector(`:scope > .${SPACER_CLASS}[data-from="${run.from}"]`);
      this.spacerTops.set(run.from, el?.getBoundingClientRect().top);
    }
    return this.spacerTops.get(run.from);
  }

  /** Block `index`'s start position (the top level walked once, on the first call). */
  private startOf(index: number): number {
    if (!this.starts) {
      const doc = this.view.state.doc;
      this.starts = new Int32Array(doc.childCount);
      for (let i = 0, pos = 0; i < doc.childCount; pos += doc.child(i).nodeSize, i++) this.starts[i] = pos;
    }
    return this.starts[index]!;
  }
}

/**
 * The top-level index range on screen, widened by `margin` screen heights each way: a binary
 * search over the blocks' boxes (a far block's box is its estimate). Records the pitch of every
 * shown block on the way, for the spacers' next estimates.
 */
function measureNear(view: EditorView, margin: number, state: WindowState, heights: BlockHeights): [number, number] | null {
  const n = view.state.doc.childCount;
  if (n === 0) return null;
  const layout = new Layout(view, state);
  const doc = view.state.doc;
  // the pitch of a shown block: its top to the top of what follows it (the next block or a spacer)
  const { indices } = state;
  for (const i of indices) {
    if (i + 1 >= n) continue;
    const here = layout.box(i);
    const next = layout.box(i + 1);
    if (here && next) heights.record(doc.child(i), next.top - here.top);
  }
  const win = view.dom.ownerDocument.defaultView;
  const height = win?.innerHeight ?? 800;
  const top = -margin * height;
  const bottom = height + margin * height;
  let unknown = false;
  /** First block whose bottom is below `y` (the first one that can show at or after y). */
  const firstBelow = (y: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const box = layout.box(mid);
      if (!box) unknown = true;
      if (box && box.bottom < y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const range: [number, number] = [firstBelow(top), firstBelow(bottom)];
  return unknown ? null : range;
}

/**
 * The estimated viewport top of the text at `pos` when its block is out of the window (it has no
 * box then), or null when the block is shown and `view.coordsAtPos` tells the truth. For code
 * that stands things beside the text (comment cards) or scrolls to it.
 */
export function windowedTop(view: EditorView, pos: number): number | null {
  const state = key.getState(view.state);
  if (!state?.on || !state.runs.length) return null;
  const layout = new Layout(view, state);
  const index = blockIndex(view.state.doc, pos);
  if (!layout.runOf(index)) return null;
  return layout.box(index)?.top ?? null;
}
