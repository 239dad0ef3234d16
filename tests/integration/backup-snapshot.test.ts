import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackup } from '@tandem/server';
import { connectClient, synced, waitFor } from '../helpers/clients.js';
import { spawnTestServer, startTestServer } from '../helpers/server.js';

const root = mkdtempSync(join(tmpdir(), 'tandem-snapshot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tandem backup snapshot', () => {
  it('copies the SQLite files of a server while a client writes, into a folder a server starts on', async () => {
    const src = join(root, 'src');
    const server = await spawnTestServer({ DATA_DIR: src });
    const writer = connectClient(server.url, 'busy-doc');
    await synced(writer);
    let typed = 0;
    const typing = setInterval(() => writer.text.insert(writer.text.length, `w${typed++} `), 2);
    try {
      await waitFor(() => typed > 200, 'a few hundred edits before the snapshot');
      const out: string[] = [];
      const dir = join(root, 'snap');
      expect(await runBackup(['snapshot', dir], { DATA_DIR: src, AUTH_MODE: 'open' }, (l) => out.push(l), (l) => out.push(l))).toBe(0);
      const during = typed;
      await waitFor(() => typed > during + 200, 'edits after the snapshot');
      clearInterval(typing);
      expect(out).toEqual([`snapshot ${dir}: tandem.db, webhooks.db, audit.db, files/`]);
      // the running server's audit log says a full copy was taken (the copy itself predates it)
      const audit = new Database(join(src, 'audit.db'), { readonly: true });
      expect(audit.prepare("SELECT actor_kind, actor_name, data FROM tandem_audit WHERE action = 'backup.created'").all()).toEqual([
        { actor_kind: 'system', actor_name: 'tandem backup snapshot', data: JSON.stringify({ command: 'snapshot', dir, databases: ['tandem.db', 'webhooks.db', 'audit.db'] }) },
      ]);
      audit.close();

      // the copy is whole and self-consistent: every document's counters match its update log
      const db = new Database(join(dir, 'tandem.db'), { readonly: true });
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      const docs = db.prepare(
        `SELECT d.id, d.clock, d.entries, d.size, MAX(u.clock) AS top, COUNT(u.clock) AS n, SUM(LENGTH(u.data)) AS bytes
         FROM docs d JOIN updates u ON u.doc = d.id GROUP BY d.id`,
      ).all() as { clock: number; entries: number; size: number; top: number; n: number; bytes: number }[];
      db.close();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ clock: docs[0]!.top, entries: docs[0]!.n, size: docs[0]!.bytes });

      // the snapshot's text is a beginning of what was typed, cut between two edits
      const expected = Array.from({ length: typed }, (_, i) => `w${i} `).join('');
      writer.destroy();
      await server.stop();

      const restored = await startTestServer({}, dir);
      const reader = connectClient(restored.url, 'busy-doc');
      await synced(reader);
      const text = reader.text.toString();
      reader.destroy();
      await restored.dispose();
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(expected.length);
      expect(expected.startsWith(text)).toBe(true);
      expect(text.endsWith(' ')).toBe(true);
    } finally {
      clearInterval(typing);
      writer.destroy();
      await server.dispose();
    }
  });

  it('refuses a folder that is not empty, and PostgreSQL (pg_dump is its path)', async () => {
    const src = join(root, 'src2');
    const server = await startTestServer({}, src);
    await server.dispose();
    const err: string[] = [];
    expect(await runBackup(['snapshot', root], { DATA_DIR: src }, () => {}, (l) => err.push(l))).toBe(1);
    expect(err[0]).toMatch(/is not empty: a snapshot goes into a new folder/);
    expect(await runBackup(['snapshot', join(root, 'x')], { DATA_DIR: src, DATABASE_URL: 'postgres://127.0.0.1/none' }, () => {}, (l) => err.push(l))).toBe(1);
    expect(err[1]).toMatch(/with DATABASE_URL use pg_dump/);
  });
});
