import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore } from './types.js';

/** How the conformance suite gets a store: a fresh, empty one, and the same data reopened. */
export interface StoreHarness {
  /** A new, empty store. */
  create(): Promise<DocStore>;
  /** Closes `store` and opens the same data again; omit for stores that keep nothing. */
  reopen?(store: DocStore): Promise<DocStore>;
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/** Builds `n` small Yjs updates that each type one character of "0123456789" repeated. */
function typedUpdates(n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) doc.getText('t').insert(i, String(i % 10));
  return out;
}

/**
 * The behaviour every DocStore must have, as one vitest suite. Run it from each adapter's tests:
 * `describeDocStore('sqlite', harness)`.
 */
export function describeDocStore(name: string, harness: StoreHarness): void {
  describe(`DocStore conformance: ${name}`, () => {
    let stores: DocStore[] = [];
    const fresh = async () => {
      const store = await harness.create();
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      for (const s of stores) await s.close().catch(() => {});
      stores = [];
    });

    it('knows nothing of a document never stored', async () => {
      const store = await fresh();
      expect(await store.load('nope')).toBeNull();
      expect(await store.info('nope')).toBeNull();
      expect(await store.delete('nope')).toBe(false);
      expect(await store.list()).toEqual([]);
    });

    it('returns appended updates in order, with a rising clock', async () => {
      const store = await fresh();
      const updates = typedUpdates(5);
      const c1 = await store.append('doc', updates.slice(0, 2));
      const c2 = await store.append('doc', updates.slice(2));
      expect(c2).toBeGreaterThan(c1);
      const loaded = await store.load('doc');
      expect(loaded?.clock).toBe(c2);
      expect(loaded?.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
        updates.map((u) => Buffer.from(u).toString('hex')),
      );
      expect(textOf(loaded!.updates)).toBe('01234');
    });

    it('keeps every append made in the same tick, in call order', async () => {
      const store = await fresh();
      const updates = typedUpdates(50);
      await Promise.all(updates.map((u) => store.append('tick', [u])));
      expect(textOf((await store.load('tick'))!.updates)).toBe('0123456789'.repeat(5));
    });

    it('numbers every update with the next clock, without gaps, also across compaction', async () => {
      const store = await fresh();
      const updates = typedUpdates(9);
      const first = await store.append('gapless', updates.slice(0, 3));
      const rest = await Promise.all([store.append('gapless', updates.slice(3, 5)), store.append('gapless', [updates[5]!])]);
      expect(rest).toEqual([first + 2, first + 3]);
      await store.compact('gapless', Y.mergeUpdates(updates.slice(0, 6)), first + 3);
      expect(await store.append('gapless', updates.slice(6))).toBe(first + 6);
      expect((await store.load('gapless'))!.clock).toBe(first + 6);
      if (store.clocks) {
        const clocks = await store.clocks(['gapless', 'never-stored']);
        expect([...clocks]).toEqual([
          ['gapless', first + 6],
          ['never-stored', 0],
        ]);
      }
    });

    it('keeps documents apart', async () => {
      const store = await fresh();
      const [a, b] = [typedUpdates(3), typedUpdates(4)];
      await store.append('a', a);
      await store.append('b', b);
      expect(textOf((await store.load('a'))!.updates)).toBe('012');
      expect(textOf((await store.load('b'))!.updates)).toBe('0123');
    });

    it('compacts into a snapshot with the same content, keeping later appends', async () => {
      const store = await fresh();
      const updates = typedUpdates(30);
      const through = await store.append('c', updates.slice(0, 20));
      await store.append('c', updates.slice(20, 25));
      const before = (await store.load('c'))!;
      const snapshot = Y.mergeUpdates(before.updates.slice(0, 20));
      await store.compact('c', snapshot, through);
      await store.append('c', updates.slice(25));
      const after = (await store.load('c'))!;
      expect(after.updates.length).toBe(1 + 5 + 5);
      expect(textOf(after.updates)).toBe(textOf(updates));
      expect((await store.info('c'))!.entries).toBe(11);
    });

    it('lists documents with size and last change, newest first', async () => {
      const store = await fresh();
      const updates = typedUpdates(3);
      await store.append('first', updates.slice(0, 1));
      await new Promise((r) => setTimeout(r, 5));
      await store.append('second', updates);
      const list = await store.list();
      expect(list.map((d) => d.id)).toEqual(['second', 'first']);
      const size = updates.reduce((n, u) => n + u.length, 0);
      expect(list[0]).toMatchObject({ id: 'second', size, entries: 3 });
      expect(list[0]!.updatedAt).toBeGreaterThanOrEqual(list[1]!.updatedAt);
      expect(await store.info('second')).toEqual(list[0]);
    });

    it('deletes a document for good', async () => {
      const store = await fresh();
      await store.append('gone', typedUpdates(2));
      expect(await store.delete('gone')).toBe(true);
      expect(await store.load('gone')).toBeNull();
      expect((await store.list()).map((d) => d.id)).toEqual([]);
    });

    it('refuses invalid document ids before touching storage', async () => {
      const store = await fresh();
      for (const id of ['', '../x', 'a/b', 'x'.repeat(129), '..']) {
        await expect(store.append(id, typedUpdates(1))).rejects.toThrow(RangeError);
        await expect(store.load(id)).rejects.toThrow(RangeError);
      }
    });

    it('answers ping while open', async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    if (harness.reopen) {
      const reopen = harness.reopen;
      it('keeps everything across close and reopen', async () => {
        const store = await fresh();
        const updates = typedUpdates(12);
        const through = await store.append('keep', updates.slice(0, 8));
        await store.compact('keep', Y.mergeUpdates(updates.slice(0, 8)), through);
        await store.append('keep', updates.slice(8));
        stores = stores.filter((s) => s !== store);
        const again = await reopen(store);
        stores.push(again);
        const loaded = (await again.load('keep'))!;
        expect(textOf(loaded.updates)).toBe(textOf(updates));
        expect((await again.list()).map((d) => d.id)).toEqual(['keep']);
      });
    }
  });
}
