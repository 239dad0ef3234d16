import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { THREADS_MAP, type Thread } from '@tandem/comments';
import { writeUpdate } from '@tandem/protocol';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { Person } from '../../helpers/people.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { upgradeStatus } from '../../helpers/sockets.js';

/** A relative position of the start of a fresh doc's text, base64 (what the editor sends). */
function anchorOf(doc: Y.Doc, index: number): string {
  const pos = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('prosemirror'), index);
  return Buffer.from(Y.encodeRelativePosition(pos)).toString('base64');
}

/** The stock y-websocket client on a document's comments channel, signed in as `who`. */
function commentsClient(server: TestServer, docId: string, who: Person) {
  const cookie = who.cookie;
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: server.url } });
    }
  }
  return connectClient(server.url, docId, { params: { channel: 'comments' }, WebSocketPolyfill: CookieSocket });
}

const backends: Array<[string, () => Record<string, string>]> = [['SQLite', () => ({})]];
const databaseUrl = process.env.DATABASE_URL;
const schema = `tandem_comments_${randomBytes(5).toString('hex')}`;
if (databaseUrl) backends.push(['PostgreSQL', () => ({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema })]);

describe.each(backends)('comments REST API and live channel (%s)', (backend, env) => {
  let server: TestServer;
  const people: Record<'owner' | 'editor' | 'commenter' | 'viewer', Person> = {} as never;
  let docId = '';
  let fragmentDoc: Y.Doc;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'accounts', ...env() });
    people.owner = new Person(server.url, 'olga@example.com');
    expect((await people.owner.setup('Olga')).status).toBe(201);
    await people.owner.api('PUT', '/api/admin/settings', { signup: 'open' });
    docId = await people.owner.createDoc('Review me');
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const p = new Person(server.url, `${role}@example.com`);
      expect((await p.signup()).status).toBe(201);
      expect((await people.owner.api('POST', `/api/docs/${docId}/access/members`, { email: p.email, role })).status).toBe(201);
      people[role] = p;
    }
    fragmentDoc = new Y.Doc();
  });
  afterAll(async () => {
    await server?.dispose();
    if (backend === 'PostgreSQL') {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  const thread = (id: string, body: string, extra: Record<string, unknown> = {}) => ({
    id,
    body,
    quote: 'word',
    anchor: { start: anchorOf(fragmentDoc, 0), end: anchorOf(fragmentDoc, 0) },
    ...extra,
  });

  it('lets a commenter open a thread, stamped with who they are, and a replay changes nothing', async () => {
    const announced: Array<{ docId?: string; actor?: { kind: string; name?: string }; data?: Record<string, unknown> }> = [];
    const off = server.events.on('comment.created', (e) => void announced.push(e));
    const res = await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('thread-aaaa1', 'Is this right?', { author: { id: 'x', name: 'Mallory' } }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: 'thread-aaaa1', resolved: false, author: { name: 'commenter' }, comments: [{ body: 'Is this right?' }] });
    expect(res.json.author.id).not.toBe('x');
    const again = await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('thread-aaaa1', 'Is this right?'));
    expect(again.status).toBe(200);
    const list = await people.viewer.api('GET', `/api/docs/${docId}/comments`);
    expect(list.status).toBe(200);
    expect(list.json.threads).toHaveLength(1);
    // the same id from someone else is a conflict, not an overwrite
    expect((await people.editor.api('POST', `/api/docs/${docId}/comments`, thread('thread-aaaa1', 'mine now'))).status).toBe(409);
    // the events bus heard it once (not the replay), with the commenter as the actor
    off();
    expect(announced).toMatchObject([{ docId, actor: { kind: 'account', name: 'commenter' }, data: { threadId: 'thread-aaaa1', reply: false } }]);
  });

  it('refuses the viewer, strangers and bad input, and loses nothing', async () => {
    expect((await people.viewer.api('POST', `/api/docs/${docId}/comments`, thread('thread-view1', 'hi'))).status).toBe(403);
    expect((await new Person(server.url, 'x@example.com').api('POST', `/api/docs/${docId}/comments`, thread('thread-anon1', 'hi'))).status).toBe(401);
    expect((await new Person(server.url, 'x@example.com').api('GET', `/api/docs/${docId}/comments`)).status).toBe(401);
    expect((await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('bad id!', 'hi'))).status).toBe(400);
    expect((await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('thread-empty', '   '))).status).toBe(400);
    expect((await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('thread-huge1', 'x'.repeat(10_001)))).status).toBe(413);
    expect((await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('thread-anch1', 'hi', { anchor: { start: 'nope', end: '!!' } }))).status).toBe(400);
    expect((await people.viewer.api('GET', `/api/docs/${docId}/comments`)).json.threads).toHaveLength(1);
  });

  it('replies, resolves and reopens; only authors edit; owners may delete', async () => {
    const base = `/api/docs/${docId}/comments/thread-aaaa1`;
    expect((await people.editor.api('POST', `${base}/replies`, { id: 'reply-bbbb1', body: 'Yes.' })).status).toBe(201);
    expect((await people.viewer.api('POST', `${base}/replies`, { id: 'reply-bbbb2', body: 'No.' })).status).toBe(403);
    expect((await people.commenter.api('PATCH', base, { resolved: true })).json).toMatchObject({ resolved: true, resolvedBy: { name: 'commenter' } });
    expect((await people.viewer.api('GET', `/api/docs/${docId}/comments?resolved=false`)).json.threads).toHaveLength(0);
    expect((await people.editor.api('PATCH', base, { resolved: false })).json).toMatchObject({ resolved: false, resolvedBy: null });
    expect((await people.commenter.api('PATCH', `${base}/comments/reply-bbbb1`, { body: 'edited by someone else' })).status).toBe(403);
    const edited = await people.editor.api('PATCH', `${base}/comments/reply-bbbb1`, { body: 'Yes, checked.' });
    expect(edited.json.comments[1]).toMatchObject({ body: 'Yes, checked.', deleted: false });
    expect(edited.json.comments[1].editedAt).toBeGreaterThan(0);
    expect((await people.commenter.api('DELETE', `${base}/comments/reply-bbbb1`)).status).toBe(403);
    expect((await people.owner.api('DELETE', `${base}/comments/reply-bbbb1`)).json.comments[1]).toMatchObject({ deleted: true, body: '' });
    expect((await people.viewer.api('GET', `/api/docs/${docId}/comments`)).json.threads[0].comments).toHaveLength(2);
  });

  it('sends new comments live to readers of the comments channel, which cannot write to it', async () => {
    const watcher = commentsClient(server, docId, people.viewer);
    await synced(watcher);
    const threads = watcher.doc.getMap<Thread>(THREADS_MAP);
    expect(threads.get('thread-aaaa1')?.author.name).toBe('commenter');
    await people.commenter.api('POST', `/api/docs/${docId}/comments`, thread('thread-live1', 'Live?'));
    await waitFor(() => threads.has('thread-live1'), 'the new thread');
    // a reader's own write (even an editor's) is dropped by the server: comments are the server's to write
    const writer = commentsClient(server, docId, people.editor);
    await synced(writer);
    writer.doc.getMap(THREADS_MAP).set('thread-forged', { id: 'thread-forged', author: { id: 'x', name: 'Forged' } });
    await new Promise((r) => setTimeout(r, 300));
    const listed = (await people.viewer.api('GET', `/api/docs/${docId}/comments`)).json.threads as Thread[];
    expect(listed.map((t) => t.id)).toEqual(['thread-aaaa1', 'thread-live1']);
    watcher.destroy();
    writer.destroy();
  });

  it('keeps the commenter from changing the text over the socket', async () => {
    const socket = await people.commenter.socket(docId);
    const forged = new Y.Doc();
    forged.getText('t').insert(0, 'forged');
    socket.ws.send(writeUpdate(Y.encodeStateAsUpdate(forged)));
    await new Promise((r) => setTimeout(r, 300));
    const copy = await server.sync.snapshot(docId);
    expect(copy?.getText('t').toString() ?? '').toBe('');
    socket.ws.close();
  });

  it('refuses the reserved comments rooms as documents, on REST and the socket', async () => {
    expect((await people.owner.api('GET', `/api/docs/_comments.${docId}`)).status).toBe(400);
    expect((await people.owner.api('GET', `/api/docs/_comments.${docId}/export`)).status).toBe(400);
    expect(await upgradeStatus(server.port, `/sync/_comments.${docId}`, { cookie: people.owner.cookie })).toBe(400);
    expect(await upgradeStatus(server.port, `/sync/${docId}?channel=other`, { cookie: people.owner.cookie })).toBe(400);
    const mine = (await people.owner.api('GET', '/api/docs')).json.docs as Array<{ id: string }>;
    expect(mine.map((d) => d.id)).toEqual([docId]);
  });
});
