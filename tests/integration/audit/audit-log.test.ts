import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteAuditStore } from '@tandem/accounts-store';
import { signJwt } from '@tandem/server';
import { Person } from '../../helpers/people.js';
import { SERVER_MAIN, serverProcessEnv, spawnTestServer, startTestServer } from '../../helpers/server.js';

const root = mkdtempSync(join(tmpdir(), 'tandem-audit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(root, `${name}-${n++}`);

/** The audit stream's lines in a file, parsed. */
const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

/** A client behind the trusted proxy: its address comes from X-Forwarded-For. */
const CLIENT = { 'x-forwarded-for': '198.51.100.7', 'user-agent': 'audit-test/1.0' };

describe('the audit log (accounts mode, SQLite)', () => {
  it('records every kind of action with who, what, when and from where, in the file and in the API', async () => {
    const dataDir = fresh('data');
    const file = join(root, `audit-${n++}.log`);
    const env = { AUTH_MODE: 'accounts', AUDIT_LOG: file, TRUST_PROXY: '127.0.0.1', WEBHOOK_ALLOW_PRIVATE: 'true', TRASH_RETENTION: '0s' };
    const server = await startTestServer(env, dataDir);
    const ada = new Person(server.url, 'ada@example.com', 'ada-password-1234');
    const bea = new Person(server.url, 'bea@example.com', 'bea-password-1234');
    const secrets: string[] = [ada.password, bea.password];
    const as = (p: Person, method: string, path: string, body?: unknown) => p.api(method, path, body, CLIENT);
    let docId = '';
    try {
      expect((await ada.api('POST', '/api/auth/setup', { email: ada.email, name: 'Ada', password: ada.password }, CLIENT)).status).toBe(201);
      secrets.push(ada.cookie.split('=')[1]!);
      expect((await as(ada, 'POST', '/api/auth/signout')).status).toBe(200);
      expect((await ada.signin('wrong-password-9999')).status).toBe(401);
      expect((await ada.api('POST', '/api/auth/signin', { email: ada.email, password: ada.password }, CLIENT)).status).toBe(200);
      secrets.push(ada.cookie.split('=')[1]!);

      docId = await ada.createDoc('Plan');
      expect((await as(ada, 'PATCH', `/api/docs/${docId}`, { title: 'Plan B' })).status).toBe(200);
      const version = await as(ada, 'POST', `/api/docs/${docId}/versions`, { label: 'before-migration' });
      expect(version.status).toBe(201);
      expect((await as(ada, 'POST', `/api/docs/${docId}/versions/${version.json.id}/restore`)).status).toBe(200);
      expect((await as(ada, 'GET', `/api/docs/${docId}/export?format=md`)).status).toBe(200);
      const link = await as(ada, 'PUT', `/api/docs/${docId}/access/link`, { role: 'viewer' });
      expect(link.status).toBe(200);
      secrets.push(new URL(link.json.url).searchParams.get('share')!);
      expect((await as(ada, 'POST', `/api/docs/${docId}/access/link/rotate`)).status).toBe(200);
      const invited = await as(ada, 'POST', `/api/docs/${docId}/access/members`, { email: 'cy@example.com', role: 'editor' });
      expect(invited.status).toBe(201);
      const inviteToken = /invite=([A-Za-z0-9_-]+)/.exec(JSON.stringify(invited.json))?.[1];
      expect(inviteToken).toBeTruthy();
      secrets.push(inviteToken!);
      expect((await as(ada, 'DELETE', `/api/docs/${docId}`)).status).toBe(200);
      expect((await as(ada, 'POST', `/api/docs/${docId}/restore`)).status).toBe(200);
      const doomed = await ada.createDoc('Doomed');
      expect((await as(ada, 'DELETE', `/api/docs/${doomed}`)).status).toBe(200);

      expect((await as(ada, 'PUT', '/api/admin/settings', { signup: 'open' })).status).toBe(200);
      const serverInvite = await as(ada, 'POST', '/api/admin/invites', { email: 'dee@example.com' });
      expect(serverInvite.status).toBe(201);
      const serverInviteToken = /invite=([A-Za-z0-9_-]+)/.exec(JSON.stringify(serverInvite.json))?.[1];
      if (serverInviteToken) secrets.push(serverInviteToken);
      expect((await bea.api('POST', '/api/auth/signup', { email: bea.email, name: 'Bea', password: bea.password }, CLIENT)).status).toBe(201);
      const beaId = (await bea.api('GET', '/api/auth/me')).json.user.id as string;
      expect((await as(ada, 'PATCH', `/api/admin/users/${beaId}`, { disabled: true })).status).toBe(200);
      const hook = await as(ada, 'POST', '/api/admin/webhooks', { url: 'http://127.0.0.1:9/hooks/s3cr3t-path', events: ['document.deleted'] });
      expect(hook.status).toBe(201);
      secrets.push(hook.json.secret, 's3cr3t-path');
      expect((await as(ada, 'PATCH', `/api/admin/webhooks/${hook.json.id}`, { enabled: false })).status).toBe(200);
      expect((await as(ada, 'DELETE', `/api/admin/webhooks/${hook.json.id}`)).status).toBe(200);

      // a non-admin gets 403, nobody 401
      expect((await as(ada, 'PATCH', `/api/admin/users/${beaId}`, { disabled: false })).status).toBe(200);
      expect((await bea.signin()).status).toBe(200);
      expect((await bea.api('GET', '/api/admin/audit')).status).toBe(403);
      expect((await new Person(server.url, 'x@example.com').api('GET', '/api/admin/audit')).status).toBe(401);

      const api = await ada.api('GET', '/api/admin/audit?limit=500');
      expect(api.status).toBe(200);
      const entries = api.json.entries as Record<string, any>[];
      const lines = linesOf(file);
      expect(lines.every((l) => l.stream === 'audit')).toBe(true);
      // the same entries in the stream (oldest first) and the API (newest first)
      expect(entries.map((e) => e.id)).toEqual(lines.map((l) => l.id).reverse());
      expect(lines.map(({ stream: _, ...l }) => l)).toEqual([...entries].reverse());

      const actions = lines.map((l) => l.action);
      for (const action of [
        'account.created',
        'auth.signed_in',
        'auth.signed_out',
        'auth.sign_in_failed',
        'document.created',
        'document.renamed',
        'version.created',
        'document.restored',
        'export',
        'share.changed',
        'document.deleted',
        'admin.settings_changed',
        'admin.invite_created',
        'admin.user_changed',
        'admin.webhook_changed',
      ]) {
        expect(actions, action).toContain(action);
      }
      expect(actions).not.toContain('document.changed');
      const one = (action: string, more: (l: Record<string, any>) => boolean = () => true) => lines.find((l) => l.action === action && more(l))!;
      const adaActor = { kind: 'account', id: expect.any(String), name: 'Ada', email: 'ada@example.com' };
      expect(one('document.renamed')).toEqual({
        stream: 'audit',
        id: expect.any(String),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        action: 'document.renamed',
        actor: adaActor,
        ip: '198.51.100.7',
        userAgent: 'audit-test/1.0',
        docId,
        data: { title: 'Plan B' },
      });
      expect(Math.abs(Date.parse(one('document.renamed').time) - Date.now())).toBeLessThan(60_000);
      expect(one('auth.sign_in_failed')).toMatchObject({ actor: { kind: 'anonymous' }, ip: '127.0.0.1', data: { method: 'password', email: 'ada@example.com', status: 401 } });
      expect(one('account.created', (l) => l.data.via === 'setup')).toMatchObject({ actor: adaActor, data: { email: 'ada@example.com', admin: true } });
      expect(one('account.created', (l) => l.data.via === 'signup')).toMatchObject({ actor: { name: 'Bea', email: 'bea@example.com' }, ip: '198.51.100.7' });
      expect(one('auth.signed_in', (l) => l.data.method === 'password')).toMatchObject({ actor: adaActor });
      expect(one('document.restored', (l) => l.data.from === 'version')).toMatchObject({ docId, data: { versionId: version.json.id } });
      expect(one('document.restored', (l) => l.data.from === 'trash')).toMatchObject({ docId, actor: adaActor });
      expect(one('version.created')).toMatchObject({ data: { label: 'before-migration' } });
      expect(one('export')).toMatchObject({ docId, data: { format: 'md' } });
      expect(lines.filter((l) => l.action === 'share.changed').map((l) => l.data.action)).toEqual(['link.set', 'link.rotated', 'member.added']);
      expect(one('admin.user_changed')).toMatchObject({ actor: adaActor, data: { userId: beaId, email: 'bea@example.com', disabled: true } });
      expect(one('admin.settings_changed')).toMatchObject({ data: { signup: 'open' } });
      expect(one('admin.webhook_changed')).toMatchObject({ data: { action: 'added', origin: 'http://127.0.0.1:9', events: ['document.deleted'] } });
      expect(lines.filter((l) => l.action === 'admin.webhook_changed').map((l) => l.data.action)).toEqual(['added', 'updated', 'removed']);

      // never a secret: passwords, session cookies, share-link and invite secrets, the webhook's secret and path
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `the audit log holds ${secret.slice(0, 6)}...`).toBe(false);
      expect(JSON.stringify(entries).includes(ada.password)).toBe(false);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      // filters and pages
      const q = async (query: string) => ((await ada.api('GET', `/api/admin/audit?${query}`)).json.entries as { action: string; docId: string | null; actor: { email?: string } }[]);
      expect((await q('actor=bea@example.com')).every((e) => e.actor.email === 'bea@example.com')).toBe(true);
      expect((await q('actor=BEA@example.com')).map((e) => e.action)).toEqual(['auth.signed_in', 'auth.signed_in', 'account.created']);
      expect((await q('actor=anonymous')).map((e) => e.action)).toEqual(['auth.sign_in_failed']);
      expect((await q(`doc=${docId}`)).every((e) => e.docId === docId)).toBe(true);
      expect((await q('action=admin.*')).every((e) => e.action.startsWith('admin.'))).toBe(true);
      expect(await q('action=admin.*')).toHaveLength(7); // settings, invite, two user changes, three webhook changes
      expect(await q(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
      expect(await q('until=2000-01-01')).toEqual([]);
      const paged: string[] = [];
      let cursor = '';
      for (let i = 0; i < 50; i++) {
        const page = await ada.api('GET', `/api/admin/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.json.entries.map((e: { id: string }) => e.id));
        if (!page.json.next) break;
        cursor = page.json.next;
      }
      expect(paged).toEqual(entries.map((e) => e.id));
      expect((await ada.api('GET', '/api/admin/audit?limit=0')).status).toBe(400);
      expect((await ada.api('GET', '/api/admin/audit?since=yesterday')).status).toBe(400);
      expect((await ada.api('GET', '/api/admin/audit?cursor=bogus')).status).toBe(400);
    } finally {
      await server.dispose();
    }

    // a restart appends to the same file; the purge of the trashed document (retention 0s) is the server's own
    const again = await startTestServer(env, dataDir);
    try {
      const purged = await (async () => {
        for (let i = 0; i < 100; i++) {
          const found = linesOf(file).find((l) => l.action === 'document.purged');
          if (found) return found;
          await new Promise((r) => setTimeout(r, 50));
        }
        return null;
      })();
      expect(purged).toMatchObject({ actor: { kind: 'system' }, ip: null, docId: expect.any(String) });
      expect(linesOf(file).filter((l) => l.action === 'document.renamed')).toHaveLength(1);
    } finally {
      await again.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the audit log (open mode and tokens)', () => {
  it('records anonymous callers with their address, token callers with their subject', async () => {
    const file = join(root, `open-${n++}.log`);
    const secret = 'k'.repeat(40);
    const admin = 'a'.repeat(32);
    const server = await startTestServer({ AUDIT_LOG: file, AUTH_SECRET: secret, ADMIN_TOKEN: admin });
    try {
      const bearer = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
      expect((await fetch(`${server.url}/api/docs`, { method: 'POST', headers: bearer(admin), body: JSON.stringify({ id: 'open-doc', title: 'x' }) })).status).toBe(201);
      const token = await signJwt({ doc: 'open-doc', role: 'write', sub: 'user-42', name: 'Ann', exp: Math.floor(Date.now() / 1000) + 600 }, secret);
      expect((await fetch(`${server.url}/api/docs/open-doc`, { method: 'PATCH', headers: bearer(token), body: JSON.stringify({ title: 'by token' }) })).status).toBe(200);
      const lines = linesOf(file);
      expect(lines.find((l) => l.action === 'document.created')).toMatchObject({ actor: { kind: 'token', id: 'admin' }, ip: '127.0.0.1' });
      expect(lines.find((l) => l.action === 'document.renamed')).toMatchObject({ actor: { kind: 'token', id: 'user-42', name: 'Ann' }, ip: '127.0.0.1' });
      expect(readFileSync(file, 'utf8')).not.toContain(token);
      const res = await fetch(`${server.url}/api/admin/audit`, { headers: bearer(admin) });
      expect(((await res.json()) as { entries: unknown[] }).entries).toHaveLength(2);
      expect((await fetch(`${server.url}/api/admin/audit`, { headers: bearer(token) })).status).toBe(403);
    } finally {
      await server.dispose();
    }

    // without any key (open mode as a try-out): anonymous, with the address
    const plain = await startTestServer({ AUDIT_LOG: file });
    try {
      expect((await fetch(`${server.url.replace(/:\d+$/, `:${plain.port}`)}/api/docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'anon-doc' }) })).status).toBe(201);
      expect(linesOf(file).at(-1)).toMatchObject({ action: 'document.created', docId: 'anon-doc', actor: { kind: 'anonymous' }, ip: '127.0.0.1' });
    } finally {
      await plain.dispose();
    }
  });
});

describe('audit retention', () => {
  it('purges entries older than AUDIT_RETENTION_DAYS at start-up, keeps the rest', async () => {
    const dataDir = fresh('retention');
    const store = createSqliteAuditStore({ path: join(dataDir, 'audit.db') });
    const base = { actorKind: 'system', actorId: null, actorName: null, actorEmail: null, ip: null, userAgent: null, docId: 'd', data: null };
    await store.append({ ...base, id: 'old', at: Date.now() - 3 * 86_400_000, action: 'document.purged' });
    await store.append({ ...base, id: 'new', at: Date.now() - 86_400_000 / 2, action: 'document.purged' });
    await store.close();
    const admin = 'a'.repeat(32);
    const server = await startTestServer({ AUDIT_RETENTION_DAYS: '2', ADMIN_TOKEN: admin }, dataDir);
    try {
      const ids = async () => ((await (await fetch(`${server.url}/api/admin/audit`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { entries: { id: string }[] }).entries.map((e) => e.id);
      await expect.poll(ids).toEqual(['new']);
      expect(await server.audit.prune()).toBe(0);
    } finally {
      await server.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('AUDIT_LOG at start-up', () => {
  /** Runs the built server with `env`; resolves with its exit code and output (it must not start). */
  const startWith = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const dir = fresh('bad');
      const proc = spawn(process.execPath, [SERVER_MAIN], { env: serverProcessEnv(env, dir), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out });
      });
    });

  it('stops start-up with exit 2 naming AUDIT_LOG when the file cannot be appended to', async () => {
    const missing = await startWith({ AUDIT_LOG: join(root, 'no-such-folder', 'audit.log') });
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/invalid configuration: AUDIT_LOG: the folder .*no-such-folder.* does not exist/);
    const dir = await startWith({ AUDIT_LOG: root });
    expect(dir.code).toBe(2);
    expect(dir.out).toMatch(/AUDIT_LOG: .* is not a regular file/);
    const bad = await startWith({ AUDIT_RETENTION_DAYS: 'forever' });
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/AUDIT_RETENTION_DAYS: must be a whole number/);
  });

  it('writes to stdout by default, each line marked "stream":"audit" beside the app log', async () => {
    const proc = await spawnTestServer();
    try {
      expect((await fetch(`${proc.url}/api/docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'stdout-doc' }) })).status).toBe(201);
      await expect.poll(() => proc.logs().find((l) => l.stream === 'audit')).toMatchObject({ action: 'document.created', docId: 'stdout-doc', actor: { kind: 'anonymous' } });
      expect(proc.logs().find((l) => l.event === 'server.listening')).toBeTruthy(); // the app log, on the same stream, without the mark
      expect(proc.logs().filter((l) => l.event).every((l) => l.stream === undefined)).toBe(true);
    } finally {
      await proc.dispose();
    }
  });
});

const url = process.env.DATABASE_URL;
(url ? describe : describe.skip)('the audit log on PostgreSQL', () => {
  const schema = `tandem_audit_srv_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('keeps entries in tandem_audit, with a schema version, and answers the API from it', async () => {
    const admin = 'a'.repeat(32);
    const server = await startTestServer({ DATABASE_URL: url!, DATABASE_SCHEMA: schema, ADMIN_TOKEN: admin });
    try {
      const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'user-agent': 'pg-test' };
      const made = await fetch(`${server.url}/api/docs`, { method: 'POST', headers, body: JSON.stringify({ id: 'pg-doc', title: 'On PostgreSQL' }) });
      expect(made.status, await made.text()).toBe(201);
      const gone = await fetch(`${server.url}/api/docs/pg-doc`, { method: 'DELETE', headers });
      expect(gone.status, await gone.text()).toBe(200);
      const body = (await (await fetch(`${server.url}/api/admin/audit?doc=pg-doc`, { headers })).json()) as { entries: { action: string; userAgent: string }[] };
      expect(body.entries.map((e) => [e.action, e.userAgent])).toEqual([
        ['document.deleted', 'pg-test'],
        ['document.created', 'pg-test'],
      ]);
    } finally {
      await server.dispose();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = (await client.query(`SELECT action, actor_id FROM "${schema}".tandem_audit ORDER BY at, id`)).rows;
      expect(rows).toEqual([
        { action: 'document.created', actor_id: 'admin' },
        { action: 'document.deleted', actor_id: 'admin' },
      ]);
      expect((await client.query(`SELECT MAX(version) AS v FROM "${schema}".tandem_audit_migrations`)).rows[0].v).toBe(1);
    } finally {
      await client.end();
    }
  });
});
