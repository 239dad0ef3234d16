import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.js';
import { createWalSync } from './wal-sync.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-wal-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wrap = (err: Error) => new Error(`wrapped: ${err.message}`);

describe('createWalSync', () => {
  it('shares one sync among the writes made while another is in flight', async () => {
    const path = join(dir, 'a.db-wal');
    writeFileSync(path, 'frames');
    const wal = createWalSync(path, wrap);
    // the first call starts a sync at once; the four made meanwhile wait for the next one
    await Promise.all(Array.from({ length: 5 }, () => wal.durable()));
    expect(wal.syncs).toBe(2);
    await wal.durable();
    expect(wal.syncs).toBe(3);
    await wal.close();
  });

  it('fails every write for good once a sync failed', async () => {
    // Linux refuses fdatasync on a character device (EINVAL): a sync that fails
    const wal = createWalSync('/dev/null', wrap);
    const first = await Promise.allSettled([wal.durable(), wal.durable()]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((first[0] as PromiseRejectedResult).reason)).toMatch(/wrapped: .*EINVAL/);
    expect(wal.failure?.message).toMatch(/^wrapped:/);
    await expect(wal.durable()).rejects.toBe(wal.failure);
    expect(wal.syncs).toBe(0);
    await wal.close();
  });

  it('fails when the WAL file cannot be opened', async () => {
    const wal = createWalSync(join(dir, 'missing', 'x.db-wal'), wrap);
    await expect(wal.durable()).rejects.toThrow(/wrapped: ENOENT/);
    await wal.close();
  });
});

describe('the inline writer of a durable store', () => {
  it('commits with synchronous NORMAL and waits for the WAL sync: appends survive a reopen', async () => {
    const path = join(dir, 'inline.db');
    const store = createSqliteStore({ path, writer: 'inline' });
    const clocks = await Promise.all([store.append('a', [new Uint8Array([1])]), store.append('b', [new Uint8Array([2])])]);
    expect(clocks).toEqual([1, 1]);
    expect(await store.append('a', [new Uint8Array([3])])).toBe(2);
    await store.close();
    const again = createSqliteStore({ path, writer: 'inline' });
    expect((await again.load('a'))?.updates).toEqual([new Uint8Array([1]), new Uint8Array([3])]);
    await again.close();
    // what the writer's connection ran with is per connection: show it on a fresh one of the same kind
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
