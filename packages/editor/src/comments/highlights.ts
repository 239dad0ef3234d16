import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { CommentAnchor } from '@tandem/comments';
import { rangeOfAnchor } from './anchors.js';

/** A thread as the highlights need it. */
export interface AnchoredThread {
  id: string;
  anchor: CommentAnchor | null;
  /** The text it was on (found again when the editor re-created that text). */
  quote: string;
}

/** Where each thread's text is now (threads whose text is gone are absent). */
export type ThreadRanges = Map<string, { from: number; to: number }>;

/**
 * What the highlights read and tell: a mutable object, so the plugin can be made before the
 * editor (it is one of its plugins) and connected to the comments once they are open.
 */
export interface HighlightOptions {
  threads: () => AnchoredThread[];
  onRanges?: (ranges: ThreadRanges) => void;
  onClick?: (threadId: string) => void;
}

interface HighlightState {
  ranges: ThreadRanges;
  active: string | null;
  decorations: DecorationSet;
}

/** The key of the comment highlights plugin. */
export const commentHighlightsKey = new PluginKey<HighlightState>('tandemCommentHighlights');

function decorate(state: EditorState, ranges: ThreadRanges, active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const [id, { from, to }] of ranges) {
    decorations.push(Decoration.inline(from, to, { class: id === active ? 'tandem-comment is-active' : 'tandem-comment', 'data-thread': id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/**
 * Highlights the text each comment thread is anchored to, and tells which thread a click landed
 * in. The anchors are Yjs relative positions, resolved again after every change (the document
 * may have moved under them); between two resolutions the highlights map through local edits.
 */
export function commentHighlights(options: HighlightOptions): Plugin<HighlightState> {
  let scheduled = false;
  const resolve = (view: EditorView) => {
    if (scheduled || view.isDestroyed) return;
    // nothing to re-read without threads: spares every keystroke a second dispatch (a large document)
    if (options.threads().length === 0 && !commentHighlightsKey.getState(view.state)?.ranges.size) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (view.isDestroyed) return;
      view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { refresh: true }));
    });
  };
  return new Plugin<HighlightState>({
    key: commentHighlightsKey,
    state: {
      init: (_config, state) => ({ ranges: new Map(), active: null, decorations: DecorationSet.create(state.doc, []) }),
      apply(tr: Transaction, value: HighlightState, _old, state): HighlightState {
        const meta = tr.getMeta(commentHighlightsKey) as { refresh?: boolean; active?: string | null } | undefined;
        let { ranges, active } = value;
        if (meta?.active !== undefined) active = meta.active;
        if (meta?.refresh) {
          ranges = new Map();
          for (const thread of options.threads()) {
            const range = thread.anchor ? rangeOfAnchor(state, thread.anchor, thread.quote) : null;
            if (range) ranges.set(thread.id, range);
          }
          return { ranges, active, decorations: decorate(state, ranges, active) };
        }
        if (meta?.active !== undefined) return { ranges, active, decorations: decorate(state, ranges, active) };
        if (!tr.docChanged) return value;
        const mapped = new Map<string, { from: number; to: number }>();
        for (const [id, r] of ranges) {
          const from = tr.mapping.map(r.from, 1);
          const to = tr.mapping.map(r.to, -1);
          if (to > from) mapped.set(id, { from, to });
        }
        return { ranges: mapped, active, decorations: value.decorations.map(tr.mapping, tr.doc) };
      },
    },
    props: {
      decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
      handleClick(view, pos) {
        const ranges = commentHighlightsKey.getState(view.state)?.ranges;
        if (!ranges) return false;
        let hit: string | null = null;
        let size = Infinity;
        for (const [id, r] of ranges) if (pos >= r.from && pos <= r.to && r.to - r.from < size) [hit, size] = [id, r.to - r.from];
        if (hit) options.onClick?.(hit);
        return false;
      },
    },
    view: (view) => {
      resolve(view);
      return {
        update(v, prev) {
          if (v.state.doc !== prev.doc) resolve(v);
          const now = commentHighlightsKey.getState(v.state);
          if (now && now.ranges !== commentHighlightsKey.getState(prev)?.ranges) options.onRanges?.(now.ranges);
        },
      };
    },
  });
}

/** Re-reads every thread's anchor (call when the threads changed). */
export function refreshHighlights(view: EditorView): void {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { refresh: true }));
}

/** Marks one thread's text as the active one (null: none). */
export function setActiveThread(view: EditorView, id: string | null): void {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { active: id }));
}
