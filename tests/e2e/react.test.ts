import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { launchBrowser, newUser } from './browser.js';

const REACT_PACKAGE = join(import.meta.dirname, '..', '..', 'packages', 'react');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** @tandem/react in a real React 19 app (StrictMode), built with Vite, in Chromium. */
describe('@tandem/react in a Vite-built React app', () => {
  let server: TestServer;
  let app: Server;
  let appUrl: string;
  let browser: Browser;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'tandem-react-app-'));
    const built = spawnSync(process.execPath, [join(REACT_PACKAGE, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'test-app/vite.config.ts', '--outDir', outDir], {
      cwd: REACT_PACKAGE,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}${built.stdout}`);
    app = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = path === '/' ? 'index.html' : path.slice(1);
      try {
        const body = readFileSync(join(outDir, file));
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    server = await startTestServer({ ALLOWED_ORIGINS: appUrl });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.close(resolve));
    await server?.dispose();
    rmSync(outDir, { recursive: true, force: true });
  });

  const sessions = (doc: string) => server.sync.room(doc)?.sessions.size ?? 0;
  const appState = (page: Page) => page.evaluate(() => (window as unknown as { app: { state: string } }).app.state);
  const settle = () => new Promise((r) => setTimeout(r, 1000));

  it('mounts once under StrictMode, changes props in place or switches documents, and unmounting leaves no socket', { timeout: 120_000 }, async () => {
    const { page, errors, context } = await newUser(browser, 'React Rita');
    await page.goto(`${appUrl}/?server=${encodeURIComponent(server.url)}&doc=react-one`);
    await page.locator('[data-tandem-doc="react-one"] .ProseMirror').waitFor();
    await expect.poll(() => appState(page), { timeout: 15_000 }).toBe('saved');
    await settle();
    // StrictMode mounted, destroyed and mounted again: exactly one editor, one socket
    expect(await page.locator('.ProseMirror').count()).toBe(1);
    expect(sessions('react-one')).toBe(1);

    // a prop that changes in place: same editor, same socket, even though the token arrow is new each render
    const before = await page.evaluate(() => {
      const w = window as unknown as { app: { handle(): unknown; setPlaceholder(t: string): void; tokenCalls: number; renders: number }; first: unknown };
      w.first = w.app.handle();
      w.app.setPlaceholder('Changed hint');
      return w.app.tokenCalls;
    });
    await expect.poll(() => page.locator('.tandem-placeholder').getAttribute('data-placeholder')).toBe('Changed hint');
    expect(await page.evaluate(() => { const w = window as unknown as { app: { handle(): unknown; tokenCalls: number }; first: unknown }; return [w.app.handle() === w.first, w.app.tokenCalls]; })).toEqual([true, before]);
    expect(sessions('react-one')).toBe(1);

    // typing reaches the server; the handle's content API works through the ref
    await page.locator('.ProseMirror').click();
    await page.keyboard.type('Written in React');
    await expect.poll(() => page.evaluate(() => (window as unknown as { app: { handle(): { getMarkdown(): string } } }).app.handle().getMarkdown())).toBe('Written in React\n');
    await expect.poll(async () => (await fetch(`${server.url}/api/docs/react-one/content?format=txt`)).text(), { timeout: 10_000 }).toBe('Written in React\n');
    expect(await page.evaluate(() => (window as unknown as { app: { changes: number } }).app.changes)).toBeGreaterThan(0);

    // a new doc prop: the old editor is destroyed (its socket closed), a new one opens
    await page.evaluate(() => (window as unknown as { app: { setDoc(d: string): void } }).app.setDoc('react-two'));
    await page.locator('[data-tandem-doc="react-two"] .ProseMirror').waitFor();
    await expect.poll(() => appState(page), { timeout: 15_000 }).toBe('saved');
    await expect.poll(() => sessions('react-one'), { timeout: 10_000 }).toBe(0);
    expect(sessions('react-two')).toBe(1);
    expect(await page.locator('.ProseMirror').count()).toBe(1);

    // unmount: nothing is left, in the page or on the server
    await page.evaluate(() => (window as unknown as { app: { setMounted(m: boolean): void } }).app.setMounted(false));
    await page.locator('#gone').waitFor();
    await expect.poll(() => sessions('react-two'), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('.tandem-editor').count()).toBe(0);
    expect(server.sync.stats().sessions).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
