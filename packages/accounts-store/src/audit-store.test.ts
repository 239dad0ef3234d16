import { describe, expect, it } from 'vitest';
import { testSchemas } from './testing/pg-schemas.js';
import { createPostgresAuditStore, createSqliteAuditStore } from './audit-store.js';
import type { AuditEntry, AuditStore } from './audit-types.js';

const url = process.env.DATABASE_URL;
const schemas = testSchemas(url);

let seq = 0;
const entry = (at: number, action: string, more: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `${String(at).padStart(12, '0')}-${String(seq++).padStart(4, '0')}`,
  at,
  action,
  actorKind: 'account',
  actorId: 'u1',
  actorName: 'Ada Lovelace',
  actorEmail: 'Ada@Example.com',
  ip: '203.0.113.7',
  userAgent: 'test-agent/1',
  docId: 'doc-a',
  data: { title: 'Plan', nested: { n: 1 } },
  ...more,
});

/** The one suite every audit store passes (SQLite and PostgreSQL alike). */
function describeAuditStore(name: string, create: () => Promise<AuditStore>) {
  describe(`audit store: ${name}`, () => {
    it('keeps entries as given and answers newest first, a page at a time', async () => {
      const store = await create();
      try {
        const first = entry(1000, 'document.created');
        await store.append(first);
        for (let i = 1; i <= 6; i++) await store.append(entry(1000 + i * 10, i % 2 ? 'document.renamed' : 'export', { data: { i } }));
        await store.append(entry(1060, 'document.deleted', { actorKind: 'anonymous', actorId: null, actorName: null, actorEmail: null, userAgent: null, docId: null, data: null }));
        const all = await store.query();
        expect(all.next).toBeNull();
        expect(all.entries.map((e) => e.at)).toEqual([1060, 1060, 1050, 1040, 1030, 1020, 1010, 1000]);
        expect(all.entries.at(-1)).toEqual(first);
        expect(all.entries[0]).toMatchObject({ action: 'document.deleted', actorKind: 'anonymous', actorId: null, docId: null, data: null }); // the later of two at one time
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.query({ limit: 3, ...(cursor ? { cursor } : {}) });
          seen.push(...page.entries.map((e) => e.id));
          if (!page.next) break;
          cursor = page.next;
        }
        expect(seen).toEqual(all.entries.map((e) => e.id));
        await expect(store.query({ cursor: 'not-a-cursor' })).rejects.toThrow(RangeError);
      } finally {
        await store.close();
      }
    });

    it('filters by time, actor (id, email, name, kind), document and action (exact or family)', async () => {
      const store = await create();
      try {
        await store.append(entry(1, 'auth.signed_in', { docId: null }));
        await store.append(entry(2, 'auth.sign_in_failed', { actorKind: 'anonymous', actorId: null, actorName: null, actorEmail: null, docId: null, data: { email: 'x@example.com' } }));
        await store.append(entry(3, 'document.deleted', { docId: 'doc-b', actorId: 'u2', actorName: 'Bo', actorEmail: 'bo@example.com' }));
        await store.append(entry(4, 'document_x', { docId: 'doc-b' })); // not of the document.* family
        const actions = async (q: Parameters<AuditStore['query']>[0]) => (await store.query(q)).entries.map((e) => e.action);
        expect(await actions({ since: 2, until: 4 })).toEqual(['document.deleted', 'auth.sign_in_failed']);
        expect(await actions({ actor: 'u2' })).toEqual(['document.deleted']);
        expect(await actions({ actor: 'BO@example.COM' })).toEqual(['document.deleted']);
        expect(await actions({ actor: 'ada lovelace' })).toEqual(['document_x', 'auth.signed_in']);
        expect(await actions({ actor: 'anonymous' })).toEqual(['auth.sign_in_failed']);
        expect(await actions({ docId: 'doc-b' })).toEqual(['document_x', 'document.deleted']);
        expect(await actions({ action: 'document.*' })).toEqual(['document.deleted']);
        expect(await actions({ action: 'auth.*', actor: 'u1' })).toEqual(['auth.signed_in']);
        expect(await actions({ action: 'auth.signed_in' })).toEqual(['auth.signed_in']);
        expect(await actions({ action: 'nothing' })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('prunes entries older than a time, and only those', async () => {
      const store = await create();
      try {
        for (const at of [10, 20, 30, 40]) await store.append(entry(at, 'export'));
        expect(await store.prune(30)).toBe(2);
        expect((await store.query()).entries.map((e) => e.at)).toEqual([40, 30]);
        expect(await store.prune(30)).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
}

describeAuditStore('sqlite', async () => createSqliteAuditStore({ path: ':memory:' }));
(url ? describeAuditStore : describe.skip)('postgres', async () => {
  const schema = schemas.next('tandem_audit_test_');
  return createPostgresAuditStore({ connectionString: url!, schema });
});
