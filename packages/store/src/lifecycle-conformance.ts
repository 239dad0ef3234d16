import { afterEach, describe, expect, it } from 'vitest';
import type { LifecycleStore } from './lifecycle.js';
import type { DocStore } from './types.js';

/** How the lifecycle suite gets a fresh, empty store that keeps versions and a trash. */
export interface LifecycleHarness {
  create(): Promise<DocStore & LifecycleStore>;
}

/** The behaviour every LifecycleStore must have, as one vitest suite. */
export function describeLifecycleStore(name: string, harness: LifecycleHarness): void {
  describe(`LifecycleStore conformance: ${name}`, () => {
    let stores: DocStore[] = [];
    const fresh = async () => {
      const s = await harness.create();
      stores.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of stores) await s.close().catch(() => {});
      stores = [];
    });

    it('keeps versions with their state, newest first', async () => {
      const store = await fresh();
      const a = await store.saveVersion('d', { kind: 'auto', authors: ['Ada'], state: new Uint8Array([1, 2]), createdAt: 1000 });
      const b = await store.saveVersion('d', { kind: 'named', label: 'Draft 1', state: new Uint8Array([3]), createdAt: 2000 });
      await store.saveVersion('other', { kind: 'auto', state: new Uint8Array([9]) });
      expect(a).toMatchObject({ docId: 'd', kind: 'auto', label: null, authors: ['Ada'], createdAt: 1000, size: 2 });
      expect(b).toMatchObject({ kind: 'named', label: 'Draft 1', authors: [], size: 1 });
      expect(a.id).not.toBe(b.id);
      expect((await store.listVersions('d')).map((v) => v.id)).toEqual([b.id, a.id]);
      const got = await store.getVersion('d', a.id);
      expect(got).toMatchObject({ id: a.id, kind: 'auto' });
      expect(Array.from(got!.state)).toEqual([1, 2]);
      expect(await store.getVersion('d', 'nope')).toBeNull();
      expect(await store.getVersion('other', a.id)).toBeNull();
    });

    it('soft-deletes and restores documents', async () => {
      const store = await fresh();
      await store.append('d', [new Uint8Array([0, 0])]);
      expect(await store.trashedAt('d')).toBeNull();
      expect(await store.trash('d', 5000)).toBe(true);
      expect(await store.trash('d', 6000)).toBe(false);
      expect(await store.trashedAt('d')).toBe(5000);
      expect(await store.listTrash()).toEqual([{ id: 'd', deletedAt: 5000 }]);
      expect(await store.load('d')).not.toBeNull();
      expect(await store.untrash('d')).toBe(true);
      expect(await store.untrash('d')).toBe(false);
      expect(await store.listTrash()).toEqual([]);
    });

    it('forgets versions and trash when a document is deleted for good', async () => {
      const store = await fresh();
      await store.append('d', [new Uint8Array([0, 0])]);
      await store.saveVersion('d', { kind: 'auto', state: new Uint8Array([1]) });
      await store.trash('d');
      await store.delete('d');
      expect(await store.listVersions('d')).toEqual([]);
      expect(await store.trashedAt('d')).toBeNull();
    });
  });
}
