// @vitest-environment happy-dom
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { prosemirrorJSONToYXmlFragment, ySyncPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema } from '../schema.js';
import { anchorFromRange, rangeOfAnchor, resolveAnchor } from './anchors.js';

/** A view bound to `doc`'s `prosemirror` fragment, as the editor binds it. */
function viewOf(doc: Y.Doc): EditorView {
  return new EditorView(document.createElement('div'), { state: EditorState.create({ schema, plugins: [ySyncPlugin(doc.getXmlFragment('prosemirror'))] }) });
}

/** The offsets of `word` in the view's text (first match). */
function find(view: EditorView, word: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  view.state.doc.descendants((node, pos) => {
    const i = node.isText ? node.text!.indexOf(word) : -1;
    if (i >= 0 && !found) found = { from: pos + i, to: pos + i + word.length };
  });
  if (!found) throw new Error(`no ${word}`);
  return found;
}

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('comment anchors', () => {
  it('follow concurrent edits around the anchored word, and say when it is deleted', () => {
    const a = new Y.Doc();
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one two three' }] }] }, a.getXmlFragment('prosemirror'));
    const b = new Y.Doc();
    sync(a, b);
    const viewA = viewOf(a);
    const viewB = viewOf(b);
    const anchor = anchorFromRange(viewA.state, find(viewA, 'two').from, find(viewA, 'two').to)!;
    expect(anchor).not.toBeNull();

    // someone else types right after and right before the word (one keystroke each, as typing
    // does: y-prosemirror diffs each transaction's text), and adds a paragraph above
    viewB.dispatch(viewB.state.tr.insertText('X', find(viewB, 'two').to));
    viewB.dispatch(viewB.state.tr.insertText('Y', find(viewB, 'two').from));
    viewB.dispatch(viewB.state.tr.insert(0, schema.node('paragraph', null, [schema.text('first')])));
    sync(a, b);
    const range = rangeOfAnchor(viewA.state, anchor)!;
    expect(viewA.state.doc.textBetween(range.from, range.to)).toBe('two');
    expect(viewA.state.doc.textContent).toBe('firstone YtwoX three');

    // editing inside the word keeps it covered
    viewB.dispatch(viewB.state.tr.insertText('-', find(viewB, 'two').from + 1));
    sync(a, b);
    const inside = rangeOfAnchor(viewA.state, anchor)!;
    expect(viewA.state.doc.textBetween(inside.from, inside.to)).toBe('t-wo');

    // deleting the word leaves the thread without text
    const gone = find(viewB, 'Yt-woX');
    viewB.dispatch(viewB.state.tr.delete(gone.from + 1, gone.to - 1));
    sync(a, b);
    expect(rangeOfAnchor(viewA.state, anchor)).toBeNull();
  });

  it('finds the text again when a split paragraph re-creates it, not when it is deleted', () => {
    const a = new Y.Doc();
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Summary and the quick brown fox' }] }] }, a.getXmlFragment('prosemirror'));
    const view = viewOf(a);
    const brown = find(view, 'brown');
    const anchor = anchorFromRange(view.state, brown.from, brown.to)!;
    // Enter after "Summary": y-prosemirror keeps the first half's items and re-creates the second's
    view.dispatch(view.state.tr.split(find(view, 'Summary').to));
    expect(view.state.doc.childCount).toBe(2);
    expect('at' in resolveAnchor(view.state, anchor)!).toBe(true);
    const again = rangeOfAnchor(view.state, anchor, 'brown')!;
    expect(view.state.doc.textBetween(again.from, again.to)).toBe('brown');
    const now = find(view, 'brown');
    view.dispatch(view.state.tr.delete(now.from, now.to));
    expect(rangeOfAnchor(view.state, anchor, 'brown')).toBeNull();
  });

  it('refuses empty ranges and unreadable anchors', () => {
    const view = viewOf(new Y.Doc());
    expect(anchorFromRange(view.state, 1, 1)).toBeNull();
    expect(rangeOfAnchor(view.state, { start: 'AAAA', end: 'AAAA' })).toBeNull();
  });
});
