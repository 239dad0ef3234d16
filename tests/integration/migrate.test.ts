import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runMigrate } from '@tandem/server';
import { connectClient, synced } from '../helpers/clients.js';
import { SERVER_MAIN, serverProcessEnv, startTestServer } from '../helpers/server.js';

const root = mkdtempSync(join(tmpdir(), 'tandem-migrate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const FIXTURES = join(import.meta.dirname, '..', '..', 'packages', 'store-sqlite', 'fixtures');

/** A DATA_DIR whose tandem.db has the unversioned schema with a versions table lacking `kind`, holding one document and one version. */
function oldDataDir(userVersion = 0): string {
  const dir = join(root, `data-${n++}`);
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'written before versioning');
  const state = Y.encodeStateAsUpdate(doc);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'tandem.db'));
  db.exec(readFileSync(join(FIXTURES, '0-versions-without-kind.sql'), 'utf8'));
  db.prepare('INSERT INTO docs VALUES (?, 1, ?, 1, 1000, 2000)').run('old-doc', state.length);
  db.prepare('INSERT INTO updates VALUES (?, 1, ?)').run('old-doc', state);
  db.prepare('INSERT INTO versions (doc, created_at, state) VALUES (?, ?, ?)').run('old-doc', 1500, state);
  db.exec(`PRAGMA user_version = ${userVersion}`);
  db.close();
  return dir;
}

const lines = () => {
  const out: string[] = [];
  return { out, push: (l: string) => out.push(l) };
};

describe('tandem migrate', () => {
  it('reports a pending migration, applies it, and the server then serves the old document and its version', async () => {
    const dir = oldDataDir();
    const env = { DATA_DIR: dir, AUTH_MODE: 'open' };
    const status = lines();
    expect(await runMigrate(['--status'], env, status.push)).toBe(1);
    expect(status.out).toEqual([`documents: ${join(dir, 'tandem.db')}: schema 0, this Tandem writes schema 3 (migration pending)`]);

    const run = lines();
    expect(await runMigrate([], env, run.push)).toBe(0);
    expect(run.out).toEqual([`documents: ${join(dir, 'tandem.db')}: schema 0 -> schema 3`]);
    const again = lines();
    expect(await runMigrate(['--status'], env, again.push)).toBe(0);
    expect(again.out[0]).toMatch(/schema 3, this Tandem writes schema 3 \(up to date\)$/);

    const server = await startTestServer({}, dir);
    try {
      const res = await fetch(`${server.url}/api/docs/old-doc/versions`);
      expect(res.status).toBe(200);
      const { versions } = (await res.json()) as { versions: { kind: string; createdAt: number }[] };
      expect(versions).toMatchObject([{ kind: 'auto', createdAt: 1500 }]);
      const client = connectClient(server.url, 'old-doc');
      await synced(client);
      expect(client.text.toString()).toBe('written before versioning');
      client.destroy();
    } finally {
      await server.dispose();
    }
  });

  it('the server migrates an old file by itself when it starts', async () => {
    const dir = oldDataDir();
    const server = await startTestServer({}, dir);
    try {
      expect((await fetch(`${server.url}/api/docs/old-doc/versions`)).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });

  it('a file from a newer Tandem stops the server with exit 2 and a clear message, and migrate refuses it too', async () => {
    const dir = oldDataDir(99);
    const run = spawnSync(process.execPath, [SERVER_MAIN], { env: serverProcessEnv({}, dir), encoding: 'utf8', timeout: 15_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`tandem: cannot start: ${join(dir, 'tandem.db')} has schema version 99, but this Tandem knows versions up to 3`);
    expect(await runMigrate([], { DATA_DIR: dir, AUTH_MODE: 'open' }, () => {})).toBe(2);
    const db = new Database(join(dir, 'tandem.db'), { readonly: true });
    expect(db.prepare('PRAGMA user_version').pluck().get()).toBe(99);
    db.close();
  });

  it('refuses wrong usage and a bad configuration with exit 2', async () => {
    expect(await runMigrate(['--nope'], {}, () => {})).toBe(2);
    expect(await runMigrate([], { PORT: 'eighty' }, () => {})).toBe(2);
  });

  const url = process.env.DATABASE_URL;
  (url ? it : it.skip)('migrates the PostgreSQL documents and account tables of a new schema', async () => {
    const schema = `tandem_migrate_${randomBytes(5).toString('hex')}`;
    const env = { DATABASE_URL: url!, DATABASE_SCHEMA: schema, AUTH_MODE: 'accounts', DATA_DIR: join(root, 'pg') };
    try {
      const status = lines();
      expect(await runMigrate(['--status'], env, status.push)).toBe(1);
      expect(status.out.every((l) => l.includes('none (new)'))).toBe(true);
      const run = lines();
      expect(await runMigrate([], env, run.push)).toBe(0);
      expect(run.out).toHaveLength(2);
      expect(run.out[0]).toMatch(/^documents: PostgreSQL .*: none \(new\) -> schema 2$/);
      expect(run.out[1]).toMatch(/^accounts: PostgreSQL .*: none \(new\) -> schema 2$/);
      expect(await runMigrate(['--status'], env, () => {})).toBe(0);
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
