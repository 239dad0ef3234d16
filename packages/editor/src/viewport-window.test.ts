import { EditorState, TextSelection } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import { BlockHeights, GUESSED_HEIGHT } from './block-heights.js';
import { viewportWindow } from './viewport-window.js';

const docOf = (n: number) => schema.node('doc', null, Array.from({ length: n }, (_, i) => schema.node('paragraph', null, schema.text(`Block ${i}`))));

/** Top-level indices of the blocks the window marks as near. */
function nearBlocks(state: EditorState): number[] {
  const plugin = state.plugins[0]!;
  const set = plugin.props.decorations!.call(plugin, state) as DecorationSet;
  return set
    .find()
    .filter((d) => d.to > d.from)
    .map((d) => state.doc.resolve(d.from).index(0));
}

/** The spacers: top-level index each stands before, and its height. */
function spacers(state: EditorState): Array<{ before: number; height: number }> {
  const plugin = state.plugins[0]!;
  const set = plugin.props.decorations!.call(plugin, state) as DecorationSet;
  return set
    .find()
    .filter((d) => d.to === d.from)
    .map((d) => ({ before: state.doc.resolve(d.from).index(0), height: Number(/-(\d+)$/.exec((d.spec as { key: string }).key)![1]) }));
}

describe('viewportWindow', () => {
  it('marks nothing below the threshold', () => {
    const state = EditorState.create({ doc: docOf(50), plugins: [viewportWindow({ minBlocks: 100 })] });
    expect(nearBlocks(state)).toEqual([]);
  });

  it('always shows the first and last block and the blocks around both selection ends', () => {
    const doc = docOf(1000);
    let state = EditorState.create({ doc, plugins: [viewportWindow({ minBlocks: 100, around: 1 })] });
    const posOf = (index: number) => state.doc.resolve(0).posAtIndex(index, 0) + 1;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posOf(400), posOf(600))));
    const top = Array.from({ length: 61 }, (_, i) => i); // the first screenfuls, before any measure
    expect(nearBlocks(state)).toEqual([...top, 399, 400, 401, 599, 600, 601, 999]);
  });

  it('maps its marks while typing inside a block, and rebuilds them when blocks move', () => {
    let state = EditorState.create({ doc: docOf(500), plugins: [viewportWindow({ minBlocks: 100, around: 0 })] });
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.doc.resolve(0).posAtIndex(300, 0) + 2)));
    const before = nearBlocks(state);
    state = state.apply(state.tr.insertText('typed'));
    expect(nearBlocks(state)).toEqual(before);
    state = state.apply(state.tr.delete(1, state.doc.resolve(0).posAtIndex(2, 0) - 1)); // join the first blocks: indices shift
    expect(nearBlocks(state)).toContain(state.doc.childCount - 1);
    expect(nearBlocks(state)).toContain(state.doc.resolve(state.selection.head).index(0));
  });

  it('keeps the caret block shown after Enter and follows inserted blocks', () => {
    let state = EditorState.create({ doc: docOf(500), plugins: [viewportWindow({ minBlocks: 100, around: 0 })] });
    const end = state.doc.resolve(0).posAtIndex(251, 0) - 1; // end of block 250's text
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)));
    state = state.apply(state.tr.split(end).scrollIntoView());
    expect(state.doc.childCount).toBe(501);
    expect(nearBlocks(state)).toEqual([...Array.from({ length: 61 }, (_, i) => i), 251, 500]);
  });

  it("keeps the measured window through a whole-document replace, as y-prosemirror makes for every remote change", () => {
    let state = EditorState.create({ doc: docOf(1000), plugins: [viewportWindow({ minBlocks: 100, around: 0 })] });
    const plugin = state.plugins[0]!;
    state = state.apply(state.tr.setMeta(plugin, { range: [400, 420], rebuild: false }));
    expect(nearBlocks(state)).toContain(410);
    // the same blocks but one, all of them replaced in one step
    const blocks = Array.from({ length: 1000 }, (_, i) => (i === 700 ? schema.node('paragraph', null, schema.text('Remote edit')) : state.doc.child(i)));
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, blocks));
    expect(nearBlocks(state)).toEqual([0, ...Array.from({ length: 21 }, (_, i) => 400 + i), 999]);
    // a thousand blocks more, as the next piece of a large document's first answer brings: the window stays
    const more = Array.from({ length: 1000 }, (_, i) => schema.node('paragraph', null, schema.text(`More ${i}`)));
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, [...Array.from({ length: 1000 }, (_, i) => state.doc.child(i)), ...more]));
    expect(nearBlocks(state)).toEqual([0, ...Array.from({ length: 21 }, (_, i) => 400 + i), 1999]);
    // two blocks typed inside the window widen it by two
    const inside = state.doc.resolve(0).posAtIndex(410, 0);
    state = state.apply(state.tr.insert(inside, [schema.node('paragraph', null, schema.text('a')), schema.node('paragraph', null, schema.text('b'))]));
    expect(nearBlocks(state)).toEqual([0, ...Array.from({ length: 23 }, (_, i) => 400 + i), 2001]);
  });

  it('stands a spacer for each run of far blocks, guessed before any measure', () => {
    let state = EditorState.create({ doc: docOf(1000), plugins: [viewportWindow({ minBlocks: 100, around: 0 })] });
    const posOf = (index: number) => state.doc.resolve(0).posAtIndex(index, 0) + 1;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posOf(500))));
    // blocks 0-60 and 500 and 999 are shown: two runs, 61-499 and 501-998, each its blocks' guessed height
    expect(spacers(state)).toEqual([
      { before: 61, height: 439 * GUESSED_HEIGHT },
      { before: 501, height: 498 * GUESSED_HEIGHT },
    ]);
  });
});

describe('BlockHeights', () => {
  const para = (text: string) => schema.node('paragraph', null, text ? schema.text(text) : undefined);
  it('remembers measured blocks and estimates the others from their type, scaled by size', () => {
    const heights = new BlockHeights();
    const short = para('x'.repeat(99));
    expect(heights.measured).toBe(false);
    expect(heights.estimate(short)).toBe(GUESSED_HEIGHT);
    heights.record(short, 30);
    expect(heights.measured).toBe(true);
    expect(heights.estimate(short)).toBe(30);
    // twice the text: twice the height; an empty paragraph no less than a quarter of the average
    expect(heights.estimate(para('y'.repeat(199)))).toBeCloseTo(60);
    expect(heights.estimate(para(''))).toBeCloseTo(7.5);
    // another type: every block's average
    expect(heights.estimate(schema.node('heading', { level: 1 }, schema.text('Title')))).toBe(30);
    heights.reset();
    expect(heights.estimate(short)).toBe(GUESSED_HEIGHT);
  });
});
