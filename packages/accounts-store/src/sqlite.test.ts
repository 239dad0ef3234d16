import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '@tandem/store';
import { describeAccountStore } from './conformance.js';
import { ACCOUNT_SCHEMA_VERSION } from './schema-status.js';
import { createSqliteAccountStore } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const paths = new WeakMap<object, string>();
let n = 0;

describeAccountStore('sqlite', {
  async create() {
    const path = join(dir, `accounts-${n++}.db`);
    const store = createSqliteAccountStore({ path });
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    return createSqliteAccountStore({ path });
  },
});

describe('SQLite account schema versions', () => {
  it('records its version and refuses a file from a newer Tandem', async () => {
    const path = join(dir, `versioned-${n++}.db`);
    await createSqliteAccountStore({ path }).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(ACCOUNT_SCHEMA_VERSION);
    db.pragma(`user_version = ${ACCOUNT_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteAccountStore({ path })).toThrow(SchemaTooNewError);
    expect(() => createSqliteAccountStore({ path })).toThrow(`${path} has schema version ${ACCOUNT_SCHEMA_VERSION + 1}`);
  });
});
