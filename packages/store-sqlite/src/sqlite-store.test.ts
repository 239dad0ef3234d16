import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDocStore } from '@tandem/store/conformance';
import { describeLifecycleStore } from '@tandem/store/lifecycle-conformance';
import type { DocStore } from '@tandem/store';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-'));
const paths = new Map<DocStore, string>();
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeDocStore('sqlite', {
  async create() {
    const path = join(dir, `store-${n++}.db`);
    const store = createSqliteStore({ path });
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    const again = createSqliteStore({ path });
    paths.set(again, path);
    return again;
  },
});

describeDocStore('sqlite, inline writer', {
  async create() {
    const path = join(dir, `inline-${n++}.db`);
    const store = createSqliteStore({ path, writer: 'inline' });
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    const again = createSqliteStore({ path, writer: 'inline' });
    paths.set(again, path);
    return again;
  },
});

describeDocStore('sqlite :memory:', { create: async () => createSqliteStore({ path: ':memory:' }) });

describeLifecycleStore('sqlite', { create: async () => createSqliteStore({ path: join(dir, `life-${n++}.db`) }) });
describeLifecycleStore('sqlite :memory:', { create: async () => createSqliteStore({ path: ':memory:' }) });

describe('sqlite store writer thread', () => {
  const u = (n: number) => new Uint8Array([n]);

  it('loads appends still being committed, and every append resolved before', async () => {
    const store = createSqliteStore({ path: join(dir, `w-${n++}.db`) });
    const appended = Array.from({ length: 40 }, (_, i) => store.append('busy', [u(i)]));
    const loaded = await store.load('busy');
    expect(loaded?.updates.length).toBe(40);
    expect(loaded?.clock).toBe(40);
    expect(await Promise.all(appended)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await store.close();
  });

  it('stores exactly the bytes of updates that are slices of a larger buffer', async () => {
    const store = createSqliteStore({ path: join(dir, `w-${n++}.db`) });
    const big = Uint8Array.from({ length: 4096 }, (_, i) => i % 251);
    const slices = [big.subarray(10, 13), big.subarray(0, 0), big.subarray(4000, 4096)];
    await Promise.all([store.append('sliced', slices.slice(0, 2)), store.append('other', [u(7)]), store.append('sliced', [slices[2]!])]);
    const loaded = (await store.load('sliced'))!;
    expect(loaded.updates.map((x) => [...x])).toEqual(slices.map((x) => [...x]));
    await store.close();
  });

  it('sees appends committed by the writer from a second store on the same file', async () => {
    const path = join(dir, `w-${n++}.db`);
    const store = createSqliteStore({ path });
    const reader = createSqliteStore({ path });
    await store.append('shared', [u(1), u(2)]);
    expect((await reader.load('shared'))?.clock).toBe(2);
    await reader.saveVersion('shared', { kind: 'named', label: 'v', state: u(9) });
    expect(await store.append('shared', [u(3)])).toBe(3);
    await Promise.all([store.close(), reader.close()]);
  });

  it('rejects the appends of a failed commit with the reason, and commits the next ones', async () => {
    const path = join(dir, `w-${n++}.db`);
    const store = createSqliteStore({ path });
    await store.append('fine', [u(1)]);
    const other = new Database(path);
    other.exec('ALTER TABLE updates RENAME TO updates_away');
    const failed = [store.append('fine', [u(2)]), store.append('other', [u(3)])];
    for (const p of failed) await expect(p).rejects.toThrow(/SQLite commit failed: .*updates/);
    other.exec('ALTER TABLE updates_away RENAME TO updates');
    other.close();
    expect(await store.append('fine', [u(4)])).toBe(2);
    await store.close();
  });

  it('rejects appends with the reason when the writer thread dies', async () => {
    const folder = join(dir, `gone-${n++}`);
    mkdirSync(folder);
    const store = createSqliteStore({ path: join(folder, 'x.db') });
    rmSync(folder, { recursive: true }); // the writer thread cannot open the file it is started for
    await expect(store.append('lost', [u(1)])).rejects.toThrow(/SQLite writer thread failed/);
    await expect(store.append('lost', [u(2)])).rejects.toThrow(/SQLite writer thread failed/);
    await store.close();
  });

  it('drains queued appends on close, and refuses appends after', async () => {
    const path = join(dir, `w-${n++}.db`);
    const store = createSqliteStore({ path });
    const pending = store.append('drain', [u(1), u(2), u(3)]);
    await store.close();
    expect(await pending).toBe(3);
    await expect(store.append('drain', [u(4)])).rejects.toThrow('store is closed');
    const again = createSqliteStore({ path });
    expect((await again.load('drain'))?.clock).toBe(3);
    await again.close();
  });

  it('runs its thread from the built package too, and an idle store lets the process exit', async () => {
    const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(built), 'packages/store-sqlite is built (pnpm test builds first)').toBe(true);
    const script = `
      import { createSqliteStore } from ${JSON.stringify(built)};
      const idle = createSqliteStore({ path: process.argv[2] + '/idle.db' });
      const used = createSqliteStore({ path: process.argv[2] + '/used.db' });
      console.log(await used.append('built', [new Uint8Array([1, 2])]));`;
    const folder = join(dir, `built-${n++}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'probe.mjs'), script);
    const run = promisify(execFile)(process.execPath, [join(folder, 'probe.mjs'), folder], { timeout: 10_000 });
    expect((await run).stdout.trim()).toBe('1');
  });
});
