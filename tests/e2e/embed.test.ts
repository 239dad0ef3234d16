import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorText, launchBrowser, newUser, waitForStatus } from './browser.js';

/** A plain static page on another origin that embeds the editor with one script and one element. */
function hostPage(tandemUrl: string, docId: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Host page</title>
<style>p { color: rgb(255, 0, 0); font-family: serif; } .ProseMirror { display: none !important; }</style>
</head><body>
<p id="host-text">The host page's own paragraph.</p>
<tandem-editor doc="${docId}" user-name="Embedded Erin"></tandem-editor>
<script>
  window.statusEvents = [];
  window.changeEvents = 0;
  const el = document.querySelector('tandem-editor');
  el.addEventListener('tandem-status', (e) => window.statusEvents.push(e.detail));
  el.addEventListener('tandem-change', () => window.changeEvents++);
</script>
<script type="module" src="${tandemUrl}/embed.js"></script>
</body></html>`;
}

describe('embed: /embed.js on a page from another origin', () => {
  let server: TestServer;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;
  const docId = `embed-${Date.now().toString(36)}`;

  beforeAll(async () => {
    host = createServer((req, res) => {
      const doc = new URL(req.url ?? '/', 'http://x').searchParams.get('doc') ?? docId;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(hostPage(server.url, doc));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    // The embedding site's origin must be allowed to open the sync socket (ALLOWED_ORIGINS).
    server = await startTestServer({ ALLOWED_ORIGINS: hostUrl });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await server?.dispose();
  });

  it('serves the bundle with CORS to any origin', async () => {
    const res = await fetch(`${server.url}/embed.js`, { headers: { Origin: hostUrl } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const body = await res.text();
    // standalone: no bare imports left for the host page to resolve
    expect(body).not.toMatch(/\bfrom\s*["'](?!\.|\/|https?:)[^"']+["']/);
    expect(body).toContain('tandem-editor');
    const again = await fetch(`${server.url}/embed.js`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const demo = await fetch(`${server.url}/embed-demo`);
    expect(demo.status).toBe(200);
    const html = await demo.text();
    expect(html).toContain('<tandem-editor');
    expect(html).toContain('src="/embed.js"');
  });

  it('edits typed in the embedded editor reach the web app, and back', { timeout: 90_000 }, async () => {
    const erin = await newUser(browser, 'Embedded Erin');
    const wes = await newUser(browser, 'Web Wes');
    await erin.page.goto(`${hostUrl}/?doc=${docId}`);
    await wes.page.goto(`${server.url}/d/${docId}`);
    const embedded = erin.page.locator('tandem-editor .ProseMirror');
    await embedded.waitFor();
    await waitForStatus(erin.page, 'Saved');

    await embedded.click();
    await erin.page.keyboard.type('Typed on another site.');
    await expect.poll(() => editorText(wes.page), { timeout: 10_000 }).toBe('Typed on another site.');

    await wes.page.locator('.ProseMirror').click();
    await wes.page.keyboard.press('Control+End');
    await wes.page.keyboard.type(' Answered in the app.');
    await expect.poll(() => editorText(wes.page), { timeout: 10_000 }).toBe('Typed on another site. Answered in the app.');
    await expect.poll(() => editorText(erin.page, 'tandem-editor .ProseMirror'), { timeout: 10_000 }).toBe(
      'Typed on another site. Answered in the app.',
    );
    await erin.page.locator('tandem-editor .tandem-cursor-label', { hasText: 'Web Wes' }).waitFor({ timeout: 10_000 });

    // styles neither leak in nor out: the host's rules do not reach the editor, the editor's do not reach the host
    const colors = await erin.page.evaluate(() => {
      const el = document.querySelector('tandem-editor')!;
      const p = el.shadowRoot!.querySelector('.ProseMirror p')!;
      const pm = el.shadowRoot!.querySelector('.ProseMirror')!;
      return {
        editorP: getComputedStyle(p).color,
        editorDisplay: getComputedStyle(pm).display,
        hostP: getComputedStyle(document.getElementById('host-text')!).color,
        hostStyleSheets: document.querySelectorAll('style[data-tandem-editor]').length,
      };
    });
    expect(colors.editorP).not.toBe('rgb(255, 0, 0)');
    expect(colors.editorDisplay).toBe('block');
    expect(colors.hostP).toBe('rgb(255, 0, 0)');
    expect(colors.hostStyleSheets).toBe(0);

    // the element reports status and changes as DOM events
    const events = await erin.page.evaluate(() => ({
      status: (window as unknown as { statusEvents: { connection: string; saved: boolean }[] }).statusEvents,
      changes: (window as unknown as { changeEvents: number }).changeEvents,
    }));
    expect(events.status.some((s) => s.connection === 'connected' && s.saved)).toBe(true);
    expect(events.changes).toBeGreaterThan(0);

    // a live `doc` attribute switches documents cleanly
    await erin.page.evaluate((id) => document.querySelector('tandem-editor')!.setAttribute('doc', id), `${docId}-other`);
    await expect.poll(() => editorText(erin.page, 'tandem-editor .ProseMirror'), { timeout: 10_000 }).toBe('');
    await waitForStatus(erin.page, 'Saved');
    await erin.page.locator('tandem-editor .ProseMirror').click();
    await erin.page.keyboard.type('Second document.');
    await erin.page.waitForTimeout(300);
    expect(await editorText(wes.page)).toBe('Typed on another site. Answered in the app.');
    expect(await erin.page.locator('tandem-editor .ProseMirror').count()).toBe(1);

    // the old document's IndexedDB connection was closed by the switch; the new one is open
    const dbState = () =>
      erin.page.evaluate(() => {
        const w = window as unknown as { heldDbs: IDBDatabase[] };
        return w.heldDbs.map((db) => {
          try {
            db.transaction(['updates']).abort();
            return 'open';
          } catch (err) {
            return (err as DOMException).name;
          }
        });
      });
    await erin.page.evaluate(async () => {
      const el = document.querySelector('tandem-editor') as unknown as { editor: { persistence: { _db: Promise<IDBDatabase> } } };
      const w = window as unknown as { heldDbs: IDBDatabase[] };
      w.heldDbs = [...(w.heldDbs ?? []), await el.editor.persistence._db];
    });
    expect(await dbState()).toEqual(['open']);
    await erin.page.evaluate((id) => document.querySelector('tandem-editor')!.setAttribute('doc', id), `${docId}-third`);
    await waitForStatus(erin.page, 'Saved');
    expect(await dbState()).toEqual(['InvalidStateError']);

    for (const user of [erin, wes]) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
