import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fillFromProseMirrorJSON } from '@tandem/history';
import { Person } from '../../helpers/people.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../helpers/smtp-receiver.js';
import { waitFor } from '../../helpers/clients.js';

/** base64 of a relative position in the server's copy of the document, at `index` of its first text. */
function anchorAt(doc: Y.Doc, from: number, to: number) {
  const text = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
  const t = text.get(0) as Y.XmlText;
  const enc = (p: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(p)).toString('base64');
  return { start: enc(Y.createRelativePositionFromTypeIndex(t, from)), end: enc(Y.createRelativePositionFromTypeIndex(t, to, -1)) };
}

describe('mentions notify people with access (in the app and by mail); exports and versions keep comments', () => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let olga: Person;
  let ed: Person;
  let cat: Person;
  let stranger: Person;
  let docId = '';
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ AUTH_MODE: 'accounts', SMTP_URL: smtp.url, MAIL_FROM: 'Tandem <docs@example.com>' });
    olga = new Person(server.url, 'olga@example.com');
    await olga.setup('Olga');
    await olga.api('PUT', '/api/admin/settings', { signup: 'open' });
    docId = await olga.createDoc('Budget 2027');
    ed = new Person(server.url, 'ed@example.com');
    cat = new Person(server.url, 'cat@example.com');
    stranger = new Person(server.url, 'sam@example.com');
    for (const [p, name] of [[ed, 'Ed'], [cat, 'Cat'], [stranger, 'Sam']] as const) await p.api('POST', '/api/auth/signup', { email: p.email, password: p.password, name });
    await olga.api('POST', `/api/docs/${docId}/access/members`, { email: ed.email, role: 'editor' });
    await olga.api('POST', `/api/docs/${docId}/access/members`, { email: cat.email, role: 'commenter' });
    await server.sync.change(docId, (doc) => {
      fillFromProseMirrorJSON(doc, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Travel costs rise by ten percent.' }] }] });
    });
  });
  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it('lists who can be mentioned to those who can comment, without e-mail addresses', async () => {
    const people = await cat.api('GET', `/api/docs/${docId}/people`);
    expect(people.json.people).toEqual([
      { id: expect.any(String), name: 'Ed' },
      { id: expect.any(String), name: 'Olga' },
    ]);
    expect((await stranger.api('GET', `/api/docs/${docId}/people`)).status).toBe(403);
  });

  it('notifies the mentioned person with access, in the app and by mail, and nobody without access', async () => {
    const edId = (await ed.api('GET', '/api/auth/me')).json.user.id;
    const samId = (await stranger.api('GET', '/api/auth/me')).json.user.id;
    const doc = (await server.sync.snapshot(docId))!;
    const res = await cat.api('POST', `/api/docs/${docId}/comments`, {
      id: 'thread-mention1',
      anchor: anchorAt(doc, 0, 12),
      quote: 'Travel costs',
      body: `@[Ed](${edId}) can you check this? (and @[Sam](${samId}))`,
    });
    expect(res.status).toBe(201);
    expect(res.json.comments[0].mentions).toEqual([edId, samId]);
    await waitFor(() => smtp.inbox.length >= 1, 'the mention mail');
    const mail = smtp.inbox[0]!;
    expect(mail.to).toEqual(['ed@example.com']);
    expect(mail.mail.subject).toBe('Cat mentioned you in “Budget 2027”');
    expect(mail.mail.text).toContain('@Ed can you check this?');
    expect(mail.mail.text).toContain(`/d/${docId}#comment-thread-mention1`);
    const list = await ed.api('GET', '/api/notifications');
    expect(list.json.unread).toBe(1);
    expect(list.json.notifications[0]).toMatchObject({ kind: 'mention', docId, threadId: 'thread-mention1', actorName: 'Cat', readAt: null });
    // Sam has no access: no notification, no mail
    expect((await stranger.api('GET', '/api/notifications')).json).toEqual({ notifications: [], unread: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.inbox.map((m) => m.to[0])).toEqual(['ed@example.com']);
    // a replayed request notifies nobody twice
    await cat.api('POST', `/api/docs/${docId}/comments`, { id: 'thread-mention1', anchor: anchorAt(doc, 0, 12), quote: 'Travel costs', body: 'again' });
    expect((await ed.api('GET', '/api/notifications')).json.unread).toBe(1);
    const read = await ed.api('POST', '/api/notifications/read', { ids: [list.json.notifications[0].id] });
    expect(read.json).toEqual({ changed: 1, unread: 0 });
    expect((await ed.api('POST', '/api/notifications/read', { ids: 'nope' })).status).toBe(400);
    expect((await new Person(server.url, 'x@example.com').api('GET', '/api/notifications')).status).toBe(401);
  });

  it('exports the document with its threads as footnotes (HTML) and beside the content (JSON)', async () => {
    const html = await fetch(`${server.url}/api/docs/${docId}/export?format=html&comments=1`, { headers: { cookie: ed.cookie } });
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toContain('Travel costs<sup class="comment-ref"><a href="#comment-1" id="comment-ref-1">[1]</a></sup> rise by ten percent.');
    expect(page).toContain('<li id="comment-1"><a href="#comment-ref-1">↑</a> <em>On “Travel costs”</em>');
    expect(page).toContain('<strong>Cat</strong>');
    const json = await ed.api('GET', `/api/docs/${docId}/export?format=json&comments=1`);
    expect(json.json.title).toBe('Budget 2027');
    expect(json.json.comments).toMatchObject([{ id: 'thread-mention1', onText: true, quote: 'Travel costs' }]);
    expect(JSON.stringify(json.json.content)).not.toContain('\u2063');
    // without the option, the export is as before
    const plain = await ed.api('GET', `/api/docs/${docId}/export?format=json`);
    expect(plain.json.comments).toBeUndefined();
    expect((await ed.api('GET', `/api/docs/${docId}/export?format=md&comments=1`)).status).toBe(400);
    expect((await stranger.api('GET', `/api/docs/${docId}/export?format=json&comments=1`)).status).toBe(403);
  });

  it('keeps the discussion through versions: a restore leaves newer comments alone', async () => {
    const named = await ed.api('POST', `/api/docs/${docId}/versions`, { label: 'before the reply' });
    expect(named.status).toBe(201);
    await ed.api('POST', `/api/docs/${docId}/comments/thread-mention1/replies`, { id: 'reply-after-v1', body: 'Checked: it is nine.' });
    await server.sync.change(docId, (doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).delete(0, 1));
    const restored = await ed.api('POST', `/api/docs/${docId}/versions/${named.json.id}/restore`);
    expect(restored.status).toBe(200);
    const threads = (await cat.api('GET', `/api/docs/${docId}/comments`)).json.threads;
    expect(threads[0].comments.map((c: { id: string }) => c.id)).toEqual(['thread-mention1', 'reply-after-v1']);
    // the discussion as the version saw it: the thread, without the later reply
    const atVersion = await cat.api('GET', `/api/docs/${docId}/versions/${named.json.id}/comments`);
    expect(atVersion.json.threads).toHaveLength(1);
    expect(atVersion.json.threads[0].comments.map((c: { id: string }) => c.id)).toEqual(['thread-mention1']);
    expect(atVersion.json.threads[0].onText).toBe(true);
  });
});
