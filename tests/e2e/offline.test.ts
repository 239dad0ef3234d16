import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorText, launchBrowser, newUser, waitForStatus } from './browser.js';

describe('web app offline: edits survive a reload without the server and reach others later', () => {
  let server: TestServer;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    const first = await startTestServer();
    dataDir = first.dataDir;
    // the same folder is reused after the restart, so it is removed here at the end
    await first.close();
    server = await startTestServer({}, dataDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    const { rmSync } = await import('node:fs');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps an offline edit through a reload and delivers it once the server is back', { timeout: 120_000 }, async () => {
    const docId = `offline-${Date.now().toString(36)}`;
    const url = `${server.url}/d/${docId}`;
    const port = server.port;
    const writer = await newUser(browser, 'Writer');
    const reader = await newUser(browser, 'Reader');
    await Promise.all([writer.page.goto(url), reader.page.goto(url)]);
    await writer.page.locator('.ProseMirror').click();
    await writer.page.keyboard.type('Written online.');
    await expect.poll(() => editorText(reader.page), { timeout: 10_000 }).toBe('Written online.');
    await waitForStatus(writer.page, 'Saved');
    // the app shell is kept by the service worker, so the page can reload without the server
    await writer.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });

    await server.close();
    await Promise.all([waitForStatus(writer.page, 'Offline'), waitForStatus(reader.page, 'Offline')]);

    await writer.page.keyboard.press('Control+End');
    await writer.page.keyboard.press('Enter');
    await writer.page.keyboard.type('Written offline.');
    await waitForStatus(writer.page, 'Offline · changes kept on this device');
    // give y-indexeddb its write, then reload with the server still down
    await writer.page.waitForTimeout(500);
    await writer.page.reload();
    await expect.poll(() => editorText(writer.page), { timeout: 10_000 }).toBe('Written online.\nWritten offline.');
    await waitForStatus(writer.page, /Offline/);
    expect(await editorText(reader.page)).toBe('Written online.');

    server = await startTestServer({ PORT: String(port) }, dataDir);
    await expect.poll(() => editorText(reader.page), { timeout: 20_000 }).toBe('Written online.\nWritten offline.');
    await waitForStatus(writer.page, 'Saved', 20_000);
    await waitForStatus(reader.page, 'Saved', 20_000);

    // the server really stored it: a newcomer gets it from the server alone
    const late = await newUser(browser, 'Late');
    await late.page.goto(url);
    await expect.poll(() => editorText(late.page), { timeout: 10_000 }).toBe('Written online.\nWritten offline.');

    for (const user of [writer, reader, late]) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
