import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
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

describeLifecycleStore('sqlite', { create: async () => createSqliteStore({ path: join(dir, `life-${n++}.db`) }) });
