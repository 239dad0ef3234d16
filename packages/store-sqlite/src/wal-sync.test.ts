import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './schema.js';
import { createSqliteStore } from './sqlite-store.js';
import { createWalSync } from './wal-sync.js';
import { createInlineWriter } from './writer.js';
import { openDatabase } from './writes.ts';

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

describe('the inline writer with a WalSync', () => {
  const item = (docId: string, n: number) => ({ docId, updates: [new Uint8Array([n])] });

  it('resolves a commit only after a WAL sync, and its appends survive a reopen', async () => {
    const path = join(dir, 'inline.db');
    const db = openDatabase(path, 'normal');
    migrate(db, path);
    const wal = createWalSync(`${path}-wal`, wrap);
    const writer = createInlineWriter(db, wal);
    expect(await writer.commit([item('a', 1), item('b', 2)], 1)).toEqual([1, 1]);
    expect(wal.syncs).toBe(1);
    expect(await writer.commit([item('a', 3)], 2)).toEqual([2]);
    expect(wal.syncs).toBe(2);
    await writer.close();
    db.close();
    const again = createSqliteStore({ path, writer: 'inline' });
    expect((await again.load('a'))?.updates).toEqual([new Uint8Array([1]), new Uint8Array([3])]);
    await again.close();
  });

  it('refuses to write once a sync has failed', async () => {
    const path = join(dir, 'failed.db');
    const db = openDatabase(path, 'normal');
    migrate(db, path);
    const writer = createInlineWriter(db, createWalSync('/dev/null', wrap));
    await expect(writer.commit([item('a', 1)], 1)).rejects.toThrow(/wrapped: .*EINVAL/);
    const entries = () => db.prepare('SELECT COUNT(*) FROM updates').pluck().get();
    expect(entries()).toBe(1); // written, never confirmed
    await expect(writer.commit([item('a', 2)], 2)).rejects.toThrow(/wrapped:/);
    expect(entries()).toBe(1); // not written at all
    db.close();
  });
});
