import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeAccountStore } from './conformance.js';
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
