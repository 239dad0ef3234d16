import { describe, expect, it } from 'vitest';
import { createAppendQueue } from './append-queue.js';
import type { PendingAppend } from './types.js';

/** A commit that holds each batch until released, numbering each document's updates from 1. */
function heldCommits() {
  const batches: string[][] = [];
  const release: (() => void)[] = [];
  const clocks = new Map<string, number>();
  let inFlight = 0;
  let most = 0;
  const commit = async (batch: readonly PendingAppend[]) => {
    batches.push(batch.map((i) => i.docId));
    most = Math.max(most, ++inFlight);
    await new Promise<void>((r) => release.push(r));
    inFlight--;
    return batch.map((i) => {
      const c = (clocks.get(i.docId) ?? 0) + i.updates.length;
      clocks.set(i.docId, c);
      return c;
    });
  };
  const tick = () => new Promise((r) => setImmediate(r));
  return { commit, batches, release, most: () => most, tick };
}

describe('createAppendQueue', () => {
  const u = new Uint8Array([1]);

  it('commits one batch at a time; appends made meanwhile form the next batch', async () => {
    const h = heldCommits();
    const queue = createAppendQueue(h.commit);
    const first = [queue.append('a', [u]), queue.append('b', [u, u])];
    await h.tick();
    const second = [queue.append('a', [u]), queue.append('a', [u]), queue.append('c', [u])];
    await h.tick();
    expect(h.batches).toEqual([['a', 'b']]);
    h.release.shift()!();
    expect(await Promise.all(first)).toEqual([1, 2]);
    await h.tick();
    expect(h.batches).toEqual([['a', 'b'], ['a', 'a', 'c']]);
    h.release.shift()!();
    expect(await Promise.all(second)).toEqual([2, 3, 1]);
    expect(h.most()).toBe(1);
  });

  it('settles a document once its queued appends have, and everything on request', async () => {
    const h = heldCommits();
    const queue = createAppendQueue(h.commit);
    const order: string[] = [];
    void queue.append('a', [u]).then(() => order.push('append a'));
    void queue.settled('b').then(() => order.push('b settled'));
    void queue.settled('a').then(() => order.push('a settled'));
    void queue.settled().then(() => order.push('all settled'));
    await h.tick();
    expect(order).toEqual(['b settled']);
    h.release.shift()!();
    await queue.settled();
    expect(order).toEqual(['b settled', 'append a', 'a settled', 'all settled']);
  });

  it('rejects every append of a failed batch, then goes on', async () => {
    let fail = true;
    const queue = createAppendQueue(async (batch) => {
      if (fail) throw new Error('disk full');
      return batch.map(() => 7);
    });
    const failed = [queue.append('a', [u]), queue.append('b', [u])];
    for (const p of failed) await expect(p).rejects.toThrow('disk full');
    fail = false;
    expect(await queue.append('a', [u])).toBe(7);
  });

  it('refuses invalid ids, and appends after close; close waits for queued appends', async () => {
    const h = heldCommits();
    const queue = createAppendQueue(h.commit);
    await expect(queue.append('../x', [u])).rejects.toThrow(RangeError);
    const pending = queue.append('a', [u]);
    const closing = queue.close();
    await expect(queue.append('a', [u])).rejects.toThrow('store is closed');
    await h.tick();
    h.release.shift()!();
    await closing;
    expect(await pending).toBe(1);
  });
});
