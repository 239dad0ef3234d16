import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FileExistsError, type BlobStore } from './types.js';
import { sha256 } from './validate.js';

/** How the suite gets a fresh, empty store, and the same store opened again (persistence). */
export interface BlobStoreHarness {
  create(): Promise<BlobStore>;
  /** Closes `store` and opens the same storage again. */
  reopen(store: BlobStore): Promise<BlobStore>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

/** The behaviour every BlobStore must have, as one vitest suite. */
export function describeBlobStore(name: string, harness: BlobStoreHarness): void {
  describe(`BlobStore conformance: ${name}`, () => {
    let stores: BlobStore[] = [];
    const fresh = async () => {
      const s = await harness.create();
      stores.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of stores) await s.close().catch(() => {});
      stores = [];
    });

    it('stores a file under its document and reads it back', async () => {
      const store = await fresh();
      const data = bytes(1, 2, 3, 4);
      const record = await store.put('doc-a', { name: 'a.png', type: 'image/png', bytes: data });
      expect(record).toMatchObject({ docId: 'doc-a', name: 'a.png', type: 'image/png', size: 4, hash: sha256(data) });
      expect(record.id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
      expect(await store.get('doc-a', record.id)).toEqual(record);
      expect(Array.from((await store.read('doc-a', record.id))!)).toEqual([1, 2, 3, 4]);
      expect(await store.list('doc-a')).toEqual([record]);
      expect(await store.docs()).toEqual(['doc-a']);
    });

    it('serves a file only with the document it belongs to', async () => {
      const store = await fresh();
      const record = await store.put('doc-a', { name: 'x', type: 'text/plain', bytes: bytes(7) });
      expect(await store.get('doc-b', record.id)).toBeNull();
      expect(await store.read('doc-b', record.id)).toBeNull();
      expect(await store.delete('doc-b', record.id)).toBe(false);
      expect(await store.get('doc-a', 'no-such-file')).toBeNull();
      expect(await store.list('doc-b')).toEqual([]);
    });

    it('refuses ids that could escape into paths or queries', async () => {
      const store = await fresh();
      await expect(store.put('../etc', { name: 'x', type: 'text/plain', bytes: bytes(1) })).rejects.toThrow(RangeError);
      await expect(store.put('d', { id: '../../passwd', name: 'x', type: 'text/plain', bytes: bytes(1) })).rejects.toThrow(RangeError);
      await expect(store.get('d', 'a/b')).rejects.toThrow(RangeError);
      await expect(store.read('..', 'abc')).rejects.toThrow(RangeError);
      await expect(store.put('d', { name: 'x', type: 'not a type', bytes: bytes(1) })).rejects.toThrow(RangeError);
    });

    it('keeps a given id, and refuses it twice in one document', async () => {
      const store = await fresh();
      const first = await store.put('d', { id: 'fixed-id', name: 'one', type: 'text/plain', bytes: bytes(1), createdAt: 1234 });
      expect(first).toMatchObject({ id: 'fixed-id', createdAt: 1234 });
      await expect(store.put('d', { id: 'fixed-id', name: 'two', type: 'text/plain', bytes: bytes(2) })).rejects.toThrow(FileExistsError);
      expect(Array.from((await store.read('d', 'fixed-id'))!)).toEqual([1]);
      expect(await store.hasBlob(sha256(bytes(2)))).toBe(false);
      await store.put('other', { id: 'fixed-id', name: 'three', type: 'text/plain', bytes: bytes(3) });
      expect(Array.from((await store.read('other', 'fixed-id'))!)).toEqual([3]);
    });

    it('stores equal bytes once and removes them with the last file that uses them', async () => {
      const store = await fresh();
      const data = randomBytes(1000);
      const hash = sha256(data);
      const [a, b, c] = await Promise.all([
        store.put('d1', { name: 'a', type: 'application/octet-stream', bytes: data }),
        store.put('d1', { name: 'b', type: 'application/octet-stream', bytes: data }),
        store.put('d2', { name: 'c', type: 'application/octet-stream', bytes: data }),
      ]);
      expect(new Set([a!.hash, b!.hash, c!.hash])).toEqual(new Set([hash]));
      expect(await store.hasBlob(hash)).toBe(true);
      expect(await store.delete('d1', a!.id)).toBe(true);
      expect(await store.delete('d1', a!.id)).toBe(false);
      expect(Buffer.from((await store.read('d1', b!.id))!).equals(data)).toBe(true);
      expect(await store.deleteDoc('d1')).toBe(1);
      expect(await store.hasBlob(hash)).toBe(true);
      expect(await store.delete('d2', c!.id)).toBe(true);
      expect(await store.hasBlob(hash)).toBe(false);
      expect(await store.docs()).toEqual([]);
    });

    it('stores an empty file and a large one byte for byte', async () => {
      const store = await fresh();
      const big = randomBytes(3 * 1024 * 1024 + 17);
      const empty = await store.put('d', { name: 'empty', type: 'application/octet-stream', bytes: new Uint8Array() });
      const large = await store.put('d', { name: 'big', type: 'application/octet-stream', bytes: big });
      expect((await store.read('d', empty.id))!.length).toBe(0);
      expect(Buffer.from((await store.read('d', large.id))!).equals(big)).toBe(true);
      expect(large.size).toBe(big.length);
    });

    it('keeps files across a reopen', async () => {
      const store = await fresh();
      const record = await store.put('d', { name: 'keep', type: 'image/webp', bytes: bytes(9, 8, 7) });
      const again = await harness.reopen(store);
      stores.push(again);
      expect(await again.get('d', record.id)).toEqual(record);
      expect(Array.from((await again.read('d', record.id))!)).toEqual([9, 8, 7]);
      await again.ping();
    });
  });
}
