import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeToken, TEST_ADMIN_TOKEN, TEST_SECRET } from '../helpers/sockets.js';
import { launchBrowser, newUser, waitForStatus } from './browser.js';

/** Counts the sync sockets a page opens from now on. */
function countSockets(page: Page): { readonly count: number } {
  const counter = { count: 0 };
  page.on('websocket', (ws) => {
    if (ws.url().includes('/sync/') && !ws.url().includes('channel=comments')) counter.count++; // the document's sockets, not its comments'
  });
  return counter;
}

describe('status tells the truth within seconds and stops where retrying is pointless', () => {
  let server: TestServer;
  let browser: Browser;
  const id = (name: string) => `${name}-${Date.now().toString(36)}`;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('says Offline within seconds of the network dropping, and Saved once it is back', { timeout: 60_000 }, async () => {
    const docId = id('net');
    const user = await newUser(browser, 'Nell');
    await user.page.goto(`${server.url}/d/${docId}?token=${makeToken({ doc: docId, role: 'write' })}`);
    await user.page.locator('.ProseMirror').click();
    await user.page.keyboard.type('Online.');
    await waitForStatus(user.page, 'Saved');
    await user.context.setOffline(true);
    const dropped = Date.now();
    await waitForStatus(user.page, 'Offline', 3000);
    expect(Date.now() - dropped).toBeLessThan(3000);
    await user.page.keyboard.type(' Offline.');
    await waitForStatus(user.page, 'Offline · changes kept on this device', 3000);
    await user.context.setOffline(false);
    await waitForStatus(user.page, 'Saved', 10_000);
    expect(user.errors).toEqual([]);
  });

  it('says No access for a token of another document (HTTP 403) and stops retrying', { timeout: 60_000 }, async () => {
    const docId = id('forbidden');
    const user = await newUser(browser, 'Nora');
    const sockets = countSockets(user.page);
    await user.page.goto(`${server.url}/d/${docId}?token=${makeToken({ doc: 'other-doc', role: 'write' })}`);
    await waitForStatus(user.page, 'No access', 8000);
    const after = sockets.count;
    await user.page.waitForTimeout(3000);
    expect(sockets.count).toBe(after);
    expect(await user.page.locator('.tandem-status').getAttribute('data-state')).toBe('no-access');
  });

  it('says Signed out for a token that is not valid (HTTP 401)', { timeout: 60_000 }, async () => {
    const docId = id('unsigned');
    const user = await newUser(browser, 'Sam');
    await user.page.goto(`${server.url}/d/${docId}?token=${makeToken({ doc: docId, role: 'write' }, 'another-secret-0123456789-abcdefghijk')}`);
    await waitForStatus(user.page, 'Signed out', 8000);
  });

  it('says Deleted when the document is deleted while open (4404) and after a reload (HTTP 404)', { timeout: 60_000 }, async () => {
    const docId = id('deleted');
    const user = await newUser(browser, 'Dee');
    const url = `${server.url}/d/${docId}?token=${makeToken({ doc: docId, role: 'write' })}`;
    await user.page.goto(url);
    await user.page.locator('.ProseMirror').click();
    await user.page.keyboard.type('Soon gone.');
    await waitForStatus(user.page, 'Saved');
    const res = await fetch(`${server.url}/api/docs/${docId}`, { method: 'DELETE', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    await waitForStatus(user.page, 'Deleted', 3000);
    const sockets = countSockets(user.page);
    await user.page.reload();
    await waitForStatus(user.page, 'Deleted', 8000);
    const after = sockets.count;
    await user.page.waitForTimeout(3000);
    expect(sockets.count).toBe(after);
  });

  it('says Session expired when the token expires (4408); a token function refreshes it without remounting', { timeout: 60_000 }, async () => {
    const docId = id('expiry');
    const soon = () => Math.floor(Date.now() / 1000) + 3;
    const user = await newUser(browser, 'Tess');
    await user.page.goto(`${server.url}/d/${docId}?token=${makeToken({ doc: docId, role: 'write', exp: soon() })}`);
    await waitForStatus(user.page, 'Saved');
    await waitForStatus(user.page, 'Session expired', 8000);

    // an embedding page with a token function: the editor asks again on expiry and keeps going
    const embedder = await newUser(browser, 'Emma');
    let issued = 0;
    await embedder.page.exposeFunction('nextToken', () => {
      issued++;
      return makeToken({ doc: docId, role: 'write', exp: soon() });
    });
    await embedder.page.goto(`${server.url}/embed-demo`);
    await embedder.page.evaluate(async (doc) => {
      await customElements.whenDefined('tandem-editor');
      document.querySelector('tandem-editor')?.remove();
      const el = document.createElement('tandem-editor') as HTMLElement & { tokenProvider: () => Promise<string> };
      el.setAttribute('doc', doc);
      (window as unknown as { states: string[] }).states = [];
      el.addEventListener('tandem-status', (e) => (window as unknown as { states: string[] }).states.push((e as CustomEvent).detail.state));
      el.tokenProvider = () => (window as unknown as { nextToken: () => Promise<string> }).nextToken();
      document.querySelector('main')!.append(el);
    }, docId);
    const inShadow = embedder.page.locator('tandem-editor .ProseMirror');
    await inShadow.click();
    await embedder.page.keyboard.type('Before expiry.');
    await embedder.page.waitForTimeout(4500);
    await embedder.page.keyboard.type(' After expiry.');
    await expect
      .poll(async () => {
        await server.sync.flush();
        const res = await fetch(`${server.url}/api/docs/${docId}/export?format=txt`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
        return (await res.text()).trim();
      }, { timeout: 10_000 })
      .toBe('Before expiry. After expiry.');
    expect(issued).toBeGreaterThanOrEqual(2);
    const lastState = () => embedder.page.evaluate(() => (window as unknown as { states: string[] }).states.at(-1));
    await expect.poll(lastState, { timeout: 5000 }).toBe('saved');
    expect(embedder.errors).toEqual([]);
  });
});
