import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeBlobStore } from './conformance.js';
import { createFsBlobStore } from './fs-store.js';
import type { BlobStore } from './types.js';

const dirs: string[] = [];
const dirOf = new Map<BlobStore, string>();
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describeBlobStore('filesystem', {
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-blobs-'));
    dirs.push(dir);
    const store = await createFsBlobStore({ dir });
    dirOf.set(store, dir);
    return store;
  },
  async reopen(store) {
    const dir = dirOf.get(store)!;
    await store.close();
    const again = await createFsBlobStore({ dir });
    dirOf.set(again, dir);
    return again;
  },
});

it('names blobs by their SHA-256 and leaves no temporary files behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-blobs-'));
  dirs.push(dir);
  const store = await createFsBlobStore({ dir });
  const record = await store.put('d', { name: 'a', type: 'text/plain', bytes: new TextEncoder().encode('hello') });
  expect(await readdir(join(dir, 'blobs', record.hash.slice(0, 2)))).toEqual([record.hash]);
  expect(record.hash).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  await store.close();
});
