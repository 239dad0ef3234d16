import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPostgresAccountStore,
  createPostgresAuditStore,
  createPostgresWebhookStore,
  createSqliteAccountStore,
  createSqliteAuditStore,
  createSqliteWebhookStore,
  type AccountStore,
  type AuditStore,
  type WebhookStore,
} from '@tandem/accounts-store';
import { type BlobStore, createFsBlobStore, createPostgresBlobStore } from '@tandem/blob-store';
import type { DocStore, LifecycleStore } from '@tandem/store';
import { createPostgresStore } from '@tandem/store-postgres';
import { createSqliteStore } from '@tandem/store-sqlite';
import { runBackup } from '@tandem/server';

const root = mkdtempSync(join(tmpdir(), 'tandem-archive-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(root, `${name}-${n++}`);

const state = (text: string) => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  doc.getMap('meta').set('title', `Title of ${text}`);
  return Y.encodeStateAsUpdate(doc);
};

/**
 * Fills a server's stores with one of everything a backup must carry: a document with 5 versions
 * (one named "before-migration", with authors) and several updates, a trashed document with its
 * deletion time, people (password hashes), an external identity, access, a share link, an invite,
 * settings, notifications (one read), a session (which must NOT travel), files (the same bytes in
 * two documents), audit entries (one with no actor, address or data) and webhook receivers (one
 * disabled) with their signing secrets and deliveries (delivered, failed, pending).
 */
async function seed(store: DocStore & LifecycleStore, accounts: AccountStore, blobs: BlobStore, audit: AuditStore, webhooks: WebhookStore): Promise<void> {
  await store.append('kept-doc', [state('first'), state('second'), state('third')]);
  for (let i = 1; i <= 5; i++) {
    await store.saveVersion('kept-doc', {
      kind: i === 3 ? 'named' : 'auto',
      label: i === 3 ? 'before-migration' : null,
      authors: i === 3 ? ['Ada', 'Bo'] : [],
      createdAt: 1_000_000 + i,
      state: state(`version ${i}`),
    });
  }
  await store.append('trashed-doc', [state('deleted one')]);
  await store.trash('trashed-doc', 1_234_567);
  await store.append('other-doc', [state('other')]);
  const ada = (await accounts.createUser({ email: 'ada@example.com', name: 'Ada', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', admin: true }))!;
  const bo = (await accounts.createUser({ email: 'bo@example.com', name: 'Bo', passwordHash: null, admin: false }))!;
  await accounts.updateUser(bo.id, { disabled: true });
  await accounts.linkIdentity(bo.id, 'https://idp.example', 'sub-42');
  await accounts.grant({ docId: 'kept-doc', userId: ada.id, role: 'owner' });
  await accounts.grant({ docId: 'kept-doc', userId: bo.id, role: 'commenter' });
  await accounts.setLink('kept-doc', { role: 'viewer', secret: 'link-secret-0123456789' });
  await accounts.createInvite({ token: 'invite-token', email: 'cy@example.com', docId: 'kept-doc', role: 'editor', invitedBy: ada.id, createdAt: 1_111 });
  await accounts.setSetting('signup', 'invite');
  await accounts.createSession({ id: 'session-hash', userId: ada.id, createdAt: 1, expiresAt: Date.now() + 3_600_000 });
  const mention = { userId: ada.id, kind: 'mention' as const, docId: 'kept-doc', threadId: 't1', actorName: 'Bo', excerpt: '@Ada look', readAt: null };
  await accounts.addNotification({ ...mention, id: 'n1', commentId: 'c1', createdAt: 3_000 });
  await accounts.addNotification({ ...mention, id: 'n2', commentId: 'c2', createdAt: 3_001, readAt: 3_500 });
  const who = { actorKind: 'account', actorId: ada.id, actorName: 'Ada', actorEmail: 'ada@example.com', ip: '203.0.113.9', userAgent: 'Mozilla/5.0 test' };
  await audit.append({ id: 'a1', at: 4_000, action: 'document.renamed', ...who, docId: 'kept-doc', data: { title: 'Title of third' } });
  await audit.append({ id: 'a2', at: 4_001, action: 'document.deleted', ...who, docId: 'trashed-doc', data: { deletedAt: '1970-01-01T00:20:34.567Z' } });
  await audit.append({ id: 'a3', at: 4_002, action: 'document.purged', actorKind: 'system', actorId: null, actorName: null, actorEmail: null, ip: null, userAgent: null, docId: 'gone', data: null });
  const hook = await webhooks.createEndpoint({ url: 'https://hooks.example/tandem', secret: 'whsec_c2lnbmluZy1zZWNyZXQ', events: ['document.changed', 'comment.created'], enabled: true });
  await webhooks.createEndpoint({ url: 'https://old.example/hook', secret: 'whsec_b2xk', events: ['*'], enabled: false });
  const sent = await webhooks.addDelivery({ endpointId: hook.id, eventId: 'msg_1', type: 'document.changed', docId: 'kept-doc', payload: '{"type":"document.changed"}', node: 'single', nextAttemptAt: 5_000 });
  await webhooks.updateDelivery(sent.id, { status: 'delivered', attempts: 1, nextAttemptAt: null, lastStatus: 200, lastError: null });
  const failed = await webhooks.addDelivery({ endpointId: hook.id, eventId: 'msg_2', type: 'webhook.test', docId: null, payload: '{"type":"webhook.test"}', node: 'single', nextAttemptAt: 5_001 });
  await webhooks.updateDelivery(failed.id, { status: 'failed', attempts: 8, nextAttemptAt: null, lastStatus: 503, lastError: 'receiver answered 503' });
  await webhooks.addDelivery({ endpointId: hook.id, eventId: 'msg_3', type: 'comment.created', docId: 'kept-doc', payload: '{"type":"comment.created"}', node: 'node-b', nextAttemptAt: 5_002 });
  const bytes = new Uint8Array(randomBytes(70_000));
  await blobs.put('kept-doc', { id: 'file-a', name: 'report.pdf', type: 'application/pdf', bytes, createdAt: 2_000 });
  await blobs.put('other-doc', { id: 'file-b', name: 'copy.pdf', type: 'application/pdf', bytes, createdAt: 2_001 });
  await blobs.put('kept-doc', { id: 'file-c', name: 'pixel.png', type: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]), createdAt: 2_002 });
}

/** A new SQLite data folder (tandem.db, accounts.db, audit.db, webhooks.db, files/) holding what `seed` puts in, closed. */
async function seededDataDir(): Promise<string> {
  const src = fresh('src');
  const store = createSqliteStore({ path: join(src, 'tandem.db') });
  const accounts = createSqliteAccountStore({ path: join(src, 'accounts.db') });
  const blobs = await createFsBlobStore({ dir: join(src, 'files') });
  const audit = createSqliteAuditStore({ path: join(src, 'audit.db') });
  const webhooks = createSqliteWebhookStore({ path: join(src, 'webhooks.db') });
  await seed(store, accounts, blobs, audit, webhooks);
  await Promise.all([store.close(), accounts.close(), blobs.close(), audit.close(), webhooks.close()]);
  return src;
}

/** The title a document's stored updates give it. */
const titleOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getMap('meta').get('title');
};

const asText = (v: unknown) => (Buffer.isBuffer(v) ? `bytes:${v.toString('hex')}` : v);
const rowsOf = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asText(v)])));

/** Every table of a SQLite file, every row, read on its own (not through the backup's code). */
function sqliteTables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const out = Object.fromEntries(names.map((t) => [t, rowsOf(db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all() as Record<string, unknown>[])]));
  db.close();
  return out;
}

/** Every file below a folder with its bytes (the file store's records, references and blobs). */
function folderFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString('hex');
    }
  };
  walk(dir);
  return out;
}

/** The audit rows but the one entry the archive command recorded after taking the archive (which the archive cannot hold). */
function withoutBackupEntry(rows: unknown[]): unknown[] {
  const taken = rows.filter((r) => (r as { action: string }).action === 'backup.created');
  expect(taken).toHaveLength(1);
  expect(JSON.parse((taken[0] as { data: string }).data)).toMatchObject({ command: 'archive', rows: { docs: 3, audit: 3 }, files: 3 });
  expect(taken[0]).toMatchObject({ actor_kind: 'system', actor_name: 'tandem backup archive' });
  return rows.filter((r) => r !== taken[0]);
}

const quiet = () => {
  const lines: string[] = [];
  return { lines, print: (l: string) => lines.push(l) };
};

describe('tandem backup archive / restore (SQLite)', () => {
  it('restores every table and file onto a fresh data folder; sessions stay behind', async () => {
    const src = await seededDataDir();

    const file = join(root, `archive-${n++}.tar.gz`);
    const out = quiet();
    expect(await runBackup(["archive", file], { DATA_DIR: src }, out.print, out.print), out.lines.join("\n")).toBe(0);
    expect(out.lines[0]).toMatch(/docs 3, updates 5, versions 5, trash 1, users 2, identities 1, access 2, links 1, invites 1, settings 1, notifications 2, audit 3, webhook_endpoints 2, webhook_deliveries 3, files 3$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const dst = fresh('dst');
    const res = quiet();
    expect(await runBackup(['restore', file], { DATA_DIR: dst }, res.print, res.print), res.lines.join('\n')).toBe(0);

    const dbs = ['tandem.db', 'accounts.db', 'audit.db', 'webhooks.db'];
    const before = Object.assign({}, ...dbs.map((f) => sqliteTables(join(src, f)))) as Record<string, unknown[]>;
    const after = Object.assign({}, ...dbs.map((f) => sqliteTables(join(dst, f)))) as Record<string, unknown[]>;
    expect(before.tandem_sessions).toHaveLength(1);
    expect(before.tandem_notifications).toHaveLength(2);
    expect(before.tandem_webhook_endpoints).toHaveLength(2);
    expect(before.tandem_webhook_deliveries).toHaveLength(3);
    before.tandem_audit = withoutBackupEntry(before.tandem_audit!);
    expect(before.tandem_audit).toHaveLength(3);
    expect(after.tandem_sessions).toEqual([]);
    for (const t of Object.keys(before)) if (t !== 'tandem_sessions') expect(after[t], t).toEqual(before[t]);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const { tmp: _a, ...srcFiles } = { tmp: null, ...folderFiles(join(src, 'files')) };
    const { tmp: _b, ...dstFiles } = { tmp: null, ...folderFiles(join(dst, 'files')) };
    expect(dstFiles).toEqual(srcFiles);

    // restoring again into the same folder is refused, and changes nothing
    const again = quiet();
    expect(await runBackup(['restore', file], { DATA_DIR: dst }, again.print, again.print)).toBe(1);
    expect(again.lines.join('\n')).toMatch(/the target is not empty \(docs: 3 rows\)/);
  });

  it('an archive from before the webhooks were carried still restores, and leaves the webhooks empty', async () => {
    const src = await seededDataDir();
    const file = join(root, `new-${n++}.tar.gz`);
    expect(await runBackup(['archive', file], { DATA_DIR: src }, () => {}, () => {})).toBe(0);

    // rewrite it as the previous release wrote it: no webhooks in the manifest, tables or summary
    const work = fresh('old');
    mkdirSync(work);
    const entries = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n').filter((e) => e && !e.startsWith('tables/webhook_'));
    execFileSync('tar', ['-xzf', file, '-C', work]);
    const edit = (name: string, change: (j: Record<string, Record<string, unknown>>) => void) => {
      const j = JSON.parse(readFileSync(join(work, name), 'utf8')) as Record<string, Record<string, unknown>>;
      expect(j[name === 'manifest.json' ? 'schemas' : 'rows']).toHaveProperty(name === 'manifest.json' ? 'webhooks' : 'webhook_endpoints');
      change(j);
      writeFileSync(join(work, name), JSON.stringify(j));
    };
    edit('manifest.json', (m) => delete m.schemas!.webhooks);
    edit('summary.json', (m) => {
      delete m.rows!.webhook_endpoints;
      delete m.rows!.webhook_deliveries;
    });
    const old = join(root, `old-${n++}.tar.gz`);
    execFileSync('tar', ['-czf', old, '-C', work, '--no-recursion', ...entries]);

    const dst = fresh('dst');
    const res = quiet();
    expect(await runBackup(['restore', old], { DATA_DIR: dst }, res.print, res.print), res.lines.join('\n')).toBe(0);
    expect(res.lines[0]).not.toMatch(/webhook/);
    expect(sqliteTables(join(dst, 'accounts.db')).tandem_users).toHaveLength(2);
    expect(existsSync(join(dst, 'webhooks.db'))).toBe(false);
    const restored = createSqliteWebhookStore({ path: join(dst, 'webhooks.db') });
    expect(await restored.listEndpoints()).toEqual([]);
    await restored.close();
  });

  it('a cut-short or foreign archive restores nothing', async () => {
    const src = await seededDataDir();
    const file = join(root, `short-${n++}.tar.gz`);
    expect(await runBackup(['archive', file], { DATA_DIR: src }, () => {}, () => {})).toBe(0);
    truncateSync(file, Math.floor(statSync(file).size * 0.8));

    const dst = fresh('dst');
    const out = quiet();
    expect(await runBackup(['restore', file], { DATA_DIR: dst }, out.print, out.print)).toBe(1);
    expect(sqliteTables(join(dst, 'tandem.db')).docs).toEqual([]);
    expect(readdirSync(join(dst, 'files', 'docs'))).toEqual([]);

    const foreign = join(root, 'foreign.tar.gz');
    writeFileSync(foreign, gzipSync(Buffer.from('not a backup')));
    const bad = quiet();
    expect(await runBackup(['restore', foreign], { DATA_DIR: fresh('dst') }, bad.print, bad.print)).toBe(1);
    expect(bad.lines.join('\n')).toMatch(/tandem backup restore: /);
  });

  it('refuses wrong usage with exit 2', async () => {
    expect(await runBackup(['archive'], {}, () => {}, () => {})).toBe(2);
    expect(await runBackup(['nope', 'x'], {}, () => {}, () => {})).toBe(2);
  });
});

const url = process.env.DATABASE_URL;
(url ? describe : describe.skip)('tandem backup archive / restore (PostgreSQL)', () => {
  const schemas: string[] = [];
  const sql = async (text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    for (const s of schemas) await sql(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });
  const newSchema = () => {
    const s = `tandem_archive_${randomBytes(5).toString('hex')}`;
    schemas.push(s);
    return s;
  };
  /** Every table of a schema, every row (migration times left out: they record when, not what). */
  const pgTables = async (schema: string) => {
    const names = (await sql('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])).map((r) => String(r.table_name));
    const out: Record<string, unknown[]> = {};
    for (const t of names) {
      const rows = await sql(`SELECT * FROM "${schema}"."${t}" ORDER BY 1, 2`);
      out[t] = rowsOf(rows.map(({ applied_at: _, ...r }) => r));
    }
    return out;
  };

  it('restores every table into a fresh schema, and new versions continue the ids', async () => {
    const from = newSchema();
    const opts = { connectionString: url!, schema: from };
    const store = await createPostgresStore(opts);
    const accounts = await createPostgresAccountStore(opts);
    const blobs = await createPostgresBlobStore(opts);
    const audit = await createPostgresAuditStore(opts);
    const webhooks = await createPostgresWebhookStore(opts);
    await seed(store, accounts, blobs, audit, webhooks);
    await Promise.all([store.close(), accounts.close(), blobs.close(), audit.close(), webhooks.close()]);

    const file = join(root, `pg-${n++}.tar.gz`);
    const env = { DATABASE_URL: url!, DATABASE_SCHEMA: from, DATA_DIR: fresh('unused') };
    const out = quiet();
    expect(await runBackup(['archive', file], env, out.print, out.print)).toBe(0);
    const to = newSchema();
    const res = quiet();
    expect(await runBackup(['restore', file], { ...env, DATABASE_SCHEMA: to }, res.print, res.print)).toBe(0);

    const before = await pgTables(from);
    const after = await pgTables(to);
    expect(before.tandem_sessions).toHaveLength(1);
    expect(before.tandem_notifications).toHaveLength(2);
    expect(before.tandem_webhook_endpoints).toHaveLength(2);
    expect(before.tandem_webhook_deliveries).toHaveLength(3);
    before.tandem_audit = withoutBackupEntry(before.tandem_audit!);
    expect(before.tandem_audit).toHaveLength(3);
    expect(after.tandem_sessions).toEqual([]);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const t of Object.keys(before)) if (t !== 'tandem_sessions') expect(after[t], t).toEqual(before[t]);

    const restored = await createPostgresStore({ connectionString: url!, schema: to });
    const v = await restored.saveVersion('kept-doc', { kind: 'named', label: 'after restore', state: state('x') });
    expect(Number(v.id)).toBe(6);
    await restored.close();
  });

  it('an archive of SQLite restores into PostgreSQL with the same documents, versions, trash and people', async () => {
    const src = await seededDataDir();
    const store = createSqliteStore({ path: join(src, 'tandem.db') });
    const sourceTitle = titleOf((await store.load('kept-doc'))!.updates);
    await store.close();
    const file = join(root, `cross-${n++}.tar.gz`);
    expect(await runBackup(['archive', file], { DATA_DIR: src }, () => {}, () => {})).toBe(0);
    const to = newSchema();
    const out = quiet();
    expect(await runBackup(['restore', file], { DATABASE_URL: url!, DATABASE_SCHEMA: to, DATA_DIR: fresh('unused') }, out.print, out.print)).toBe(0);
    const pgStore = await createPostgresStore({ connectionString: url!, schema: to });
    const pgAccounts = await createPostgresAccountStore({ connectionString: url!, schema: to });
    const pgBlobs = await createPostgresBlobStore({ connectionString: url!, schema: to });
    const pgAudit = await createPostgresAuditStore({ connectionString: url!, schema: to });
    const pgWebhooks = await createPostgresWebhookStore({ connectionString: url!, schema: to });
    try {
      // made in the same millisecond: order them by URL, not by their random ids
      const hooks = (await pgWebhooks.listEndpoints()).sort((a, b) => a.url.localeCompare(b.url));
      expect(hooks.map((h) => [h.url, h.secret, h.events, h.enabled])).toEqual([
        ['https://hooks.example/tandem', 'whsec_c2lnbmluZy1zZWNyZXQ', ['document.changed', 'comment.created'], true],
        ['https://old.example/hook', 'whsec_b2xk', ['*'], false],
      ]);
      expect((await pgWebhooks.listDeliveries({ endpointId: hooks[0]!.id })).map((d) => [d.eventId, d.status, d.attempts, d.lastStatus, d.lastError, d.docId]).sort()).toEqual([
        ['msg_1', 'delivered', 1, 200, null, 'kept-doc'],
        ['msg_2', 'failed', 8, 503, 'receiver answered 503', null],
        ['msg_3', 'pending', 0, null, null, 'kept-doc'],
      ]);
      expect((await pgWebhooks.pendingDeliveries('node-b')).map((d) => [d.eventId, d.nextAttemptAt])).toEqual([['msg_3', 5_002]]);
      expect((await pgAudit.query()).entries.map((e) => [e.id, e.action, e.actorEmail, e.data])).toEqual([
        ['a3', 'document.purged', null, null],
        ['a2', 'document.deleted', 'ada@example.com', { deletedAt: '1970-01-01T00:20:34.567Z' }],
        ['a1', 'document.renamed', 'ada@example.com', { title: 'Title of third' }],
      ]);
      expect((await pgAccounts.notifications((await pgAccounts.userByEmail('ada@example.com'))!.id)).map((x) => [x.id, x.readAt])).toEqual([
        ['n2', 3_500],
        ['n1', null],
      ]);
      expect((await pgStore.list()).map((d) => d.id).sort()).toEqual(['kept-doc', 'other-doc', 'trashed-doc']);
      const versions = await pgStore.listVersions('kept-doc');
      expect(versions).toHaveLength(5);
      expect(versions.find((v) => v.label === 'before-migration')).toMatchObject({ kind: 'named', authors: ['Ada', 'Bo'], createdAt: 1_000_003 });
      expect(await pgStore.trashedAt('trashed-doc')).toBe(1_234_567);
      expect(titleOf((await pgStore.load('kept-doc'))!.updates)).toBe(sourceTitle);
      // both were made in the same millisecond: order them by email, not by their random ids
      const users = (await pgAccounts.listUsers()).sort((a, b) => a.email.localeCompare(b.email));
      expect(users.map((u) => [u.email, u.admin, u.disabled, u.passwordHash?.slice(0, 9) ?? null])).toEqual([
        ['ada@example.com', true, false, '$argon2id'],
        ['bo@example.com', false, true, null],
      ]);
      expect(await pgAccounts.link('kept-doc')).toEqual({ role: 'viewer', secret: 'link-secret-0123456789' });
      expect((await pgBlobs.list('kept-doc')).map((f) => [f.id, f.name, f.createdAt])).toEqual([
        ['file-a', 'report.pdf', 2_000],
        ['file-c', 'pixel.png', 2_002],
      ]);
    } finally {
      await Promise.all([pgStore.close(), pgAccounts.close(), pgBlobs.close(), pgAudit.close(), pgWebhooks.close()]);
    }
  });
});
