import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '@tandem/store';
import { SQLITE_SCHEMA_VERSION } from './schema.js';
import { migrateSqliteFile, sqliteSchemaVersion } from './schema-file.js';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** Every schema a tandem.db file has had: its DDL (from git history), the user_version it carries. */
const EARLIER = [
  { name: 'unversioned foundation (f1bd28f)', ddl: '0-foundation.sql', userVersion: 0, lifecycle: false },
  { name: 'unversioned lifecycle (241604c)', ddl: '0-lifecycle.sql', userVersion: 0, lifecycle: true },
  { name: 'unversioned, versions without kind/label/authors', ddl: '0-versions-without-kind.sql', userVersion: 0, lifecycle: 'bare' },
  { name: 'schema 1 (documents only)', ddl: '0-foundation.sql', userVersion: 1, lifecycle: false },
  { name: 'schema 2 (the log WITHOUT ROWID)', ddl: '0-lifecycle.sql', userVersion: 2, lifecycle: true },
] as const;

const UPDATE_A = new Uint8Array([1, 2, 3]);
const UPDATE_B = new Uint8Array([4, 5]);
const STATE = new Uint8Array([9, 9, 9, 9]);

/** Writes a file of an earlier schema holding one document (two updates), and a version and a trashed document when it has those tables. */
function earlierFile(ddl: string, userVersion: number, lifecycle: boolean | 'bare'): string {
  const path = join(dir, `old-${n++}.db`);
  const db = new Database(path);
  db.exec(fixture(ddl));
  db.prepare('INSERT INTO docs VALUES (?, 2, 5, 2, 1000, 2000)').run('doc-a');
  db.prepare('INSERT INTO docs VALUES (?, 1, 1, 1, 1500, 1500)').run('doc-b');
  db.prepare('INSERT INTO updates VALUES (?, ?, ?)').run('doc-a', 1, UPDATE_A);
  db.prepare('INSERT INTO updates VALUES (?, ?, ?)').run('doc-a', 2, UPDATE_B);
  db.prepare('INSERT INTO updates VALUES (?, ?, ?)').run('doc-b', 1, new Uint8Array([7]));
  if (lifecycle === true) {
    db.prepare('INSERT INTO versions (doc, kind, label, authors, created_at, state) VALUES (?, ?, ?, ?, ?, ?)').run(
      'doc-a', 'named', 'before-migration', '["ada"]', 1800, STATE,
    );
  }
  if (lifecycle === 'bare') db.prepare('INSERT INTO versions (doc, created_at, state) VALUES (?, ?, ?)').run('doc-a', 1800, STATE);
  if (lifecycle) db.prepare('INSERT INTO trash VALUES (?, ?)').run('doc-b', 3000);
  db.exec(`PRAGMA user_version = ${userVersion}`);
  db.close();
  return path;
}

/** Each table's columns (name, type, not null, default) and the indexes: what a migrated file must share with a new one. */
function shape(path: string) {
  const db = new Database(path, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const columns = Object.fromEntries(
    tables.map((t) => [
      t,
      (db.prepare('SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?) ORDER BY name').all(t) as object[]),
    ]),
  );
  const indexes = db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  db.close();
  return { tables, columns, indexes };
}

/**
 * Whether the update log keeps its rows apart from its key: a rowid table (its key a small
 * index), not WITHOUT ROWID, whose key b-tree holds every update's bytes.
 */
function logHasRowids(path: string): boolean {
  const db = new Database(path, { readonly: true });
  try {
    db.prepare('SELECT rowid FROM updates LIMIT 1').all();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

describe('SQLite schema versions', () => {
  it('a new file gets every table and the current user_version', async () => {
    const path = join(dir, `new-${n++}.db`);
    const store = createSqliteStore({ path });
    await store.close();
    expect(sqliteSchemaVersion(path)).toBe(SQLITE_SCHEMA_VERSION);
    expect(shape(path).tables).toEqual(['docs', 'trash', 'updates', 'versions']);
    expect(logHasRowids(path)).toBe(true);
  });

  for (const earlier of EARLIER) {
    it(`opens a file of the ${earlier.name} schema, keeps its data and reaches the current schema`, async () => {
      const path = earlierFile(earlier.ddl, earlier.userVersion, earlier.lifecycle);
      expect(sqliteSchemaVersion(path)).toBe(earlier.userVersion);
      expect(logHasRowids(path)).toBe(false);

      const store = createSqliteStore({ path });
      try {
        expect(await store.load('doc-a')).toEqual({ updates: [UPDATE_A, UPDATE_B], clock: 2 });
        expect((await store.list()).map((d) => d.id)).toEqual(['doc-a', 'doc-b']);
        const versions = await store.listVersions('doc-a');
        if (earlier.lifecycle) {
          expect(versions).toHaveLength(1);
          const expected = earlier.lifecycle === true
            ? { kind: 'named', label: 'before-migration', authors: ['ada'] }
            : { kind: 'auto', label: null, authors: [] };
          expect(versions[0]).toMatchObject({ ...expected, createdAt: 1800, size: 4 });
          expect((await store.getVersion('doc-a', versions[0]!.id))?.state).toEqual(STATE);
          expect(await store.trashedAt('doc-b')).toBe(3000);
        } else {
          expect(versions).toEqual([]);
        }
        // the lifecycle works on the migrated file
        const saved = await store.saveVersion('doc-a', { kind: 'named', label: 'after', state: STATE, authors: ['bo'] });
        expect((await store.listVersions('doc-a'))[0]).toEqual(saved);
        expect(await store.trash('doc-a', 4000)).toBe(true);
        await store.append('doc-a', [new Uint8Array([6])]);
      } finally {
        await store.close();
      }
      expect(sqliteSchemaVersion(path)).toBe(SQLITE_SCHEMA_VERSION);

      const fresh = join(dir, `fresh-${n++}.db`);
      migrateSqliteFile(fresh);
      expect(shape(path)).toEqual(shape(fresh));
      expect(logHasRowids(path)).toBe(true);
      // opening again migrates nothing and keeps what the last run wrote
      expect(migrateSqliteFile(path)).toEqual({ from: SQLITE_SCHEMA_VERSION, to: SQLITE_SCHEMA_VERSION });
      const again = createSqliteStore({ path });
      expect((await again.load('doc-a'))?.clock).toBe(3);
      await again.close();
    });
  }

  it('refuses a file from a newer Tandem and leaves it as it was', () => {
    const path = earlierFile('0-lifecycle.sql', SQLITE_SCHEMA_VERSION + 1, true);
    const before = shape(path);
    let err: unknown;
    try {
      createSqliteStore({ path });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect(err).toMatchObject({ found: SQLITE_SCHEMA_VERSION + 1, supported: SQLITE_SCHEMA_VERSION });
    expect((err as Error).message).toContain(`${path} has schema version ${SQLITE_SCHEMA_VERSION + 1}`);
    expect(() => migrateSqliteFile(path)).toThrow(SchemaTooNewError);
    expect(shape(path)).toEqual(before);
    expect(sqliteSchemaVersion(path)).toBe(SQLITE_SCHEMA_VERSION + 1);
  });

  it('refuses a versions table that is not Tandem\'s, naming the column, and leaves the file at its version', () => {
    const path = join(dir, `alien-${n++}.db`);
    const db = new Database(path);
    db.exec('CREATE TABLE versions (id INTEGER PRIMARY KEY, doc TEXT, created_at INTEGER)');
    db.close();
    expect(() => migrateSqliteFile(path)).toThrow(/table versions has no column state/);
    expect(sqliteSchemaVersion(path)).toBe(1);
  });

  it('reports no version for a missing file', () => {
    expect(sqliteSchemaVersion(join(dir, 'none.db'))).toBeNull();
  });
});
