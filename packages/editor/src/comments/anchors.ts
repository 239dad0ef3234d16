import type { EditorState } from 'prosemirror-state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { type CommentAnchor, decodePosition as decode } from '@tandem/comments';

/** What y-prosemirror binds a view to: its Y.Doc, fragment and node mapping. */
interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<Y.AbstractType<unknown>, unknown>;
}

function bindingOf(state: EditorState): Binding | null {
  const binding = ySyncPluginKey.getState(state)?.binding as Binding | undefined;
  return binding ?? null;
}

const encode = (pos: Y.RelativePosition): string => {
  let text = '';
  for (const byte of Y.encodeRelativePosition(pos)) text += String.fromCharCode(byte);
  return btoa(text);
};

/**
 * Anchors a range of the editor's text as two Yjs relative positions, so it follows everyone's
 * edits: the start sticks to the first character of the range, the end to the last (text typed
 * at either edge stays outside). null for an empty range or an unbound view.
 */
export function anchorFromRange(state: EditorState, from: number, to: number): CommentAnchor | null {
  const binding = bindingOf(state);
  if (!binding || to <= from) return null;
  const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping as never);
  // the end as "right after the last character": its item is that character, associated left
  let end = absolutePositionToRelativePosition(to - 1, binding.type, binding.mapping as never);
  const lastIsText = state.doc.resolve(to).parentOffset > 0;
  if (lastIsText && end.item) end = new Y.RelativePosition(end.type, end.tname, end.item, -1);
  else end = absolutePositionToRelativePosition(to, binding.type, binding.mapping as never);
  return { start: encode(start), end: encode(end) };
}

/**
 * Where an anchor is in the editor now: `{ from, to }`; `{ at }` when its range collapsed there
 * (its text was deleted, or re-created: y-prosemirror rebuilds the second half of a split
 * paragraph, so its old positions point to deleted items); null when it cannot be read.
 */
export function resolveAnchor(state: EditorState, anchor: CommentAnchor): { from: number; to: number } | { at: number } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  try {
    const from = relativePositionToAbsolutePosition(binding.doc, binding.type, decode(anchor.start), binding.mapping as never);
    const to = relativePositionToAbsolutePosition(binding.doc, binding.type, decode(anchor.end), binding.mapping as never);
    if (from === null || to === null) return null;
    const size = state.doc.content.size;
    const clamp = (n: number) => Math.max(0, Math.min(n, size));
    return to > from ? { from: clamp(from), to: clamp(to) } : { at: clamp(from) };
  } catch {
    return null;
  }
}

/** How far from a collapsed anchor its quote is looked for (characters either side). */
const NEARBY = 400;

/**
 * Where `quote` stands nearest to `at`, within one text block close by, or null. This finds the
 * text of a thread again when the editor re-created it (a split paragraph) rather than deleted it.
 */
export function findQuoteNear(state: EditorState, quote: string, at: number): { from: number; to: number } | null {
  if (!quote) return null;
  let best: { from: number; to: number } | null = null;
  const lo = Math.max(0, at - NEARBY - quote.length);
  const hi = Math.min(state.doc.content.size, at + NEARBY + quote.length);
  state.doc.nodesBetween(lo, hi, (node, pos) => {
    if (!node.isTextblock) return true;
    let text = '';
    const starts: number[] = [];
    node.forEach((child, offset) => {
      const piece = child.isText ? child.text! : '\ufffc';
      for (let i = 0; i < piece.length; i++) starts.push(pos + 1 + offset + i);
      text += piece;
    });
    for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) {
      const from = starts[i]!;
      const to = starts[i + quote.length - 1]! + 1;
      if (!best || Math.abs(from - at) < Math.abs(best.from - at)) best = { from, to };
    }
    return false;
  });
  return best;
}

/**
 * Where an anchored thread's text is now, or null when it is gone ("on deleted text"): its
 * anchor's range, else its quote found again right where the range collapsed.
 */
export function rangeOfAnchor(state: EditorState, anchor: CommentAnchor, quote = ''): { from: number; to: number } | null {
  const found = resolveAnchor(state, anchor);
  if (!found) return null;
  if ('from' in found) return found;
  return findQuoteNear(state, quote, found.at);
}
