import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { othersOnly } from './remote-awareness.js';

describe('othersOnly', () => {
  it('passes on changes of other clients only, and forwards everything else', () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    const view = othersOnly(mine);
    const heard: number[][] = [];
    const listener = ({ added, updated }: { added: number[]; updated: number[] }) => heard.push([...added, ...updated]);
    view.on('change', listener);
    view.setLocalStateField('cursor', { at: 1 });
    expect(mine.getLocalState()).toMatchObject({ cursor: { at: 1 } });
    expect(heard).toEqual([]);
    theirs.setLocalStateField('cursor', { at: 2 });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    expect(heard).toEqual([[theirs.clientID]]);
    expect(view.getStates().get(theirs.clientID)).toMatchObject({ cursor: { at: 2 } });
    view.off('change', listener);
    theirs.setLocalStateField('cursor', { at: 3 });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    expect(heard).toHaveLength(1);
    mine.destroy();
    theirs.destroy();
  });
});
