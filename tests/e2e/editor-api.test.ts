import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeToken, TEST_SECRET } from '../helpers/sockets.js';
import { launchBrowser, newUser } from './browser.js';

/**
 * A host page on another origin with its own "backend": `/token?doc=` signs a short-lived write
 * token (what a developer's server does), so the editor's token function fetches a fresh one on
 * every (re)connect. `/bad-token` answers a token signed with the wrong key.
 */
function hostPage(tandemUrl: string, docId: string, tokenPath: string, attrs = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
<style>tandem-editor::part(toolbar) { background: rgb(1, 2, 3); } tandem-editor::part(content) { border-top: 5px solid rgb(4, 5, 6); }</style>
</head><body>
<tandem-editor doc="${docId}" user-name="Api Ada" placeholder="First hint" ${attrs}></tandem-editor>
<script>
  window.tokenCalls = 0;
  window.seen = { change: [], presence: [], error: [], status: 0 };
  document.body.addEventListener('tandem-change', (e) => window.seen.change.push(e.detail));
  document.body.addEventListener('tandem-presence', (e) => window.seen.presence.push(e.detail.people.length));
  document.body.addEventListener('tandem-error', (e) => window.seen.error.push(e.detail));
  document.body.addEventListener('tandem-status', () => window.seen.status++);
  const el = document.querySelector('tandem-editor');
  el.tokenProvider = async () => {
    window.tokenCalls++;
    const res = await fetch('${tokenPath}?doc=${docId}');
    return res.text();
  };
</script>
<script type="module" src="${tandemUrl}/embed.js"></script>
</body></html>`;
}

describe('the editor API of <tandem-editor> in Chromium', () => {
  let server: TestServer;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;
  let ttlSeconds = 3600;

  beforeAll(async () => {
    host = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const doc = url.searchParams.get('doc') ?? 'api-doc';
      if (url.pathname === '/token') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(makeToken({ doc, role: 'write', sub: 'ada', exp: Math.floor(Date.now() / 1000) + ttlSeconds }));
      }
      if (url.pathname === '/bad-token') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(makeToken({ doc, role: 'write' }, 'a-wrong-secret-of-enough-length-0123456789'));
      }
      const attrs = url.searchParams.get('attrs') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(server.url, doc, url.searchParams.get('token') ?? '/token', attrs));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    server = await startTestServer({ AUTH_SECRET: TEST_SECRET, ALLOWED_ORIGINS: hostUrl });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await server?.dispose();
  });

  const editorState = (page: Page) => page.evaluate(() => (document.querySelector('tandem-editor') as unknown as { editor: { status: { state: string } } | null }).editor?.status.state);
  const open = async (doc: string, query = '') => {
    const user = await newUser(browser, 'Api Ada');
    await user.page.goto(`${hostUrl}/?doc=${doc}${query}`);
    await user.page.locator('tandem-editor .ProseMirror').waitFor();
    await expect.poll(() => editorState(user.page), { timeout: 15_000 }).toBe('saved');
    return user;
  };

  it('reads and sets content (Markdown, HTML, JSON, text), with change events carrying the range', { timeout: 90_000 }, async () => {
    const { page, errors, context } = await open('api-content');
    await page.locator('tandem-editor .ProseMirror').click();
    await page.keyboard.type('Hello world');
    await expect.poll(() => page.evaluate(() => (window as unknown as { seen: { change: unknown[] } }).seen.change.length)).toBeGreaterThan(0);
    const first = await page.evaluate(() => (window as unknown as { seen: { change: { local: boolean; from: number; to: number }[] } }).seen.change[0]);
    expect(first).toMatchObject({ local: true, from: 1, to: 2 });

    const api = await page.evaluate(() => {
      const ed = (document.querySelector('tandem-editor') as unknown as { editor: { getMarkdown(): string; getText(): string; getHTML(): string; getJSON(): unknown; setContent(c: unknown, f?: string): void } }).editor;
      const before = { md: ed.getMarkdown(), text: ed.getText(), html: ed.getHTML(), json: ed.getJSON() };
      ed.setContent('# Title\n\nSome **bold** text\n\n- [ ] a task\n');
      return { before, after: { md: ed.getMarkdown(), text: ed.getText() } };
    });
    expect(api.before).toEqual({
      md: 'Hello world\n',
      text: 'Hello world\n',
      html: '<p>Hello world</p>\n',
      json: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello world' }] }] },
    });
    expect(api.after.md).toBe('# Title\n\nSome **bold** text\n\n- [ ] a task\n');
    expect(api.after.text).toBe('Title\nSome bold text\na task\n');

    // setContent is a change on the shared document: the server and a stock client have it
    const token = makeToken({ doc: 'api-content', role: 'read' });
    await expect
      .poll(async () => (await fetch(`${server.url}/api/docs/api-content/content?format=md`, { headers: { authorization: `Bearer ${token}` } })).text(), { timeout: 10_000 })
      .toBe('# Title\n\nSome **bold** text\n\n- [ ] a task\n');

    // a remote change arrives as a change event with local: false
    const res = await fetch(`${server.url}/api/docs/api-content/content/blocks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${makeToken({ doc: 'api-content', role: 'write' })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'md', content: 'From the backend.' }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => page.evaluate(() => (document.querySelector('tandem-editor') as unknown as { editor: { getText(): string } }).editor.getText())).toContain('From the backend.');
    const remote = await page.evaluate(() => (window as unknown as { seen: { change: { local: boolean }[] } }).seen.change.at(-1));
    expect(remote).toMatchObject({ local: false });

    await page.evaluate(() => (document.querySelector('tandem-editor') as unknown as { editor: { setContent(c: string, f: string): void } }).editor.setContent('<h2>From HTML</h2><p>x<script>window.pwned=1</script></p>', 'html'));
    expect(await page.evaluate(() => [(document.querySelector('tandem-editor') as unknown as { editor: { getMarkdown(): string } }).editor.getMarkdown(), (window as unknown as { pwned?: number }).pwned])).toEqual(['## From HTML\n\nx\n', undefined]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('presence events, ::part() hooks, toolbar and placeholder in place, no IndexedDB copy when offline="off"', { timeout: 90_000 }, async () => {
    const { page, errors, context } = await open('api-parts', '&attrs=offline%3D%22off%22');
    const parts = await page.evaluate(() => {
      const root = document.querySelector('tandem-editor')!.shadowRoot!;
      const bar = root.querySelector('[part="toolbar"]')!;
      const content = root.querySelector('[part="content"]')!;
      return {
        names: [...root.querySelectorAll('[part]')].map((e) => e.getAttribute('part')).sort(),
        bar: getComputedStyle(bar).backgroundColor,
        content: getComputedStyle(content).borderTopColor,
      };
    });
    expect(parts).toEqual({
      names: ['content', 'editor', 'presence', 'status', 'surface', 'toolbar', 'word-count'],
      bar: 'rgb(1, 2, 3)',
      content: 'rgb(4, 5, 6)',
    });
    expect(await page.evaluate(() => (document.querySelector('tandem-editor') as unknown as { editor: { persistence: unknown } }).editor.persistence)).toBeNull();

    // a second person joins: a presence event with two people
    const other = connectClient(server.url, 'api-parts', { params: { token: makeToken({ doc: 'api-parts', role: 'write' }) } });
    await synced(other);
    other.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#123456' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { seen: { presence: number[] } }).seen.presence.at(-1))).toBe(2);

    // placeholder, token and toolbar change in place: same editor, same socket
    const sessionsBefore = server.sync.room('api-parts')!.sessions.size;
    const same = await page.evaluate(async () => {
      const el = document.querySelector('tandem-editor')!;
      const handle = (el as unknown as { editor: unknown }).editor;
      el.setAttribute('placeholder', 'Second hint');
      el.setAttribute('toolbar', 'off');
      await new Promise((r) => setTimeout(r, 300));
      const root = el.shadowRoot!;
      return {
        same: (el as unknown as { editor: unknown }).editor === handle,
        hint: root.querySelector('.tandem-placeholder')?.getAttribute('data-placeholder'),
        barHidden: (root.querySelector('[part="toolbar"]') as HTMLElement).hidden,
      };
    });
    expect(same).toEqual({ same: true, hint: 'Second hint', barHidden: true });
    expect(server.sync.room('api-parts')!.sessions.size).toBe(sessionsBefore);
    other.destroy();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refreshes an expired token (4408) from the backend without remounting', { timeout: 90_000 }, async () => {
    ttlSeconds = 3;
    try {
      const { page, errors, context } = await open('api-refresh');
      const handleId = await page.evaluate(() => {
        (window as unknown as { firstHandle: unknown }).firstHandle = (document.querySelector('tandem-editor') as unknown as { editor: unknown }).editor;
        return (window as unknown as { tokenCalls: number }).tokenCalls;
      });
      expect(handleId).toBeGreaterThanOrEqual(1);
      // the token expires: the server closes with 4408, the editor asks the backend again and reconnects
      await expect.poll(() => page.evaluate(() => (window as unknown as { tokenCalls: number }).tokenCalls), { timeout: 20_000 }).toBeGreaterThan(handleId);
      await expect.poll(() => editorState(page), { timeout: 15_000 }).toBe('saved');
      await page.locator('tandem-editor .ProseMirror').click();
      await page.keyboard.type('after refresh');
      const token = makeToken({ doc: 'api-refresh', role: 'read' });
      await expect.poll(async () => (await fetch(`${server.url}/api/docs/api-refresh/content?format=txt`, { headers: { authorization: `Bearer ${token}` } })).text(), { timeout: 10_000 }).toContain('after refresh');
      expect(await page.evaluate(() => (document.querySelector('tandem-editor') as unknown as { editor: unknown }).editor === (window as unknown as { firstHandle: unknown }).firstHandle)).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      ttlSeconds = 3600;
    }
  });

  it('stops after a refused token was refused again, instead of retrying forever', { timeout: 90_000 }, async () => {
    const user = await newUser(browser, 'Api Ada');
    await user.page.goto(`${hostUrl}/?doc=api-refused&token=/bad-token`);
    await user.page.locator('tandem-editor .ProseMirror').waitFor();
    await expect.poll(() => editorState(user.page), { timeout: 30_000 }).toBe('signed-out');
    const calls = await user.page.evaluate(() => (window as unknown as { tokenCalls: number }).tokenCalls);
    await new Promise((r) => setTimeout(r, 4000));
    const later = await user.page.evaluate(() => ({ calls: (window as unknown as { tokenCalls: number }).tokenCalls, errors: (window as unknown as { seen: { error: { kind: string }[] } }).seen.error }));
    expect(later.calls).toBe(calls); // nothing more once stopped
    expect(calls).toBeLessThanOrEqual(6);
    expect(later.errors.map((e) => e.kind)).toContain('access');
    await user.context.close();
  });
});
