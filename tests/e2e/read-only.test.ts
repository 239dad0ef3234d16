import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeToken, TEST_ADMIN_TOKEN, TEST_SECRET } from '../helpers/sockets.js';
import { editorText, launchBrowser, newUser, waitForStatus } from './browser.js';

/** The part of ProseMirror's EditorView the page script uses to force a change past the UI. */
type ForcedView = { state: { tr: { insertText(text: string, pos: number): unknown } }; dispatch(tr: unknown): void };

/** The document as the server stored it (plain text export, admin token). */
async function storedText(server: TestServer, docId: string): Promise<string> {
  await server.sync.flush();
  const res = await fetch(`${server.url}/api/docs/${docId}/export?format=txt`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  return res.ok ? (await res.text()).trim() : `HTTP ${res.status}`;
}

describe('read-only truth: a reader cannot type, nothing of theirs is sent, their copy never reaches a writer', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows View only, takes no typing, and keeps local copies apart by role', { timeout: 90_000 }, async () => {
    const docId = `ro-${Date.now().toString(36)}`;
    const writeToken = makeToken({ doc: docId, role: 'write', sub: 'wendy' });
    const readToken = makeToken({ doc: docId, role: 'read', sub: 'wendy' });
    const writer = await newUser(browser, 'Wendy');
    await writer.page.goto(`${server.url}/d/${docId}?token=${writeToken}`);
    await writer.page.locator('.ProseMirror').click();
    await writer.page.keyboard.type('Written by the writer.');
    await waitForStatus(writer.page, 'Saved');

    // the same person, same browser profile, now with a read link
    const reader = await newUser(browser, 'Rita');
    const page = reader.page;
    await page.goto(`${server.url}/d/${docId}?token=${readToken}`);
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toBe('Written by the writer.');
    await waitForStatus(page, 'View only');
    expect(await page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    expect(await page.locator('.tandem-toolbar:visible').count()).toBe(0); // formatting and insert rows both
    expect(await page.locator('.doc-title-input').getAttribute('readonly')).not.toBeNull();

    await page.locator('.ProseMirror').click();
    await page.keyboard.type('TYPED BY THE READER');
    expect(await editorText(page)).toBe('Written by the writer.');

    // even a change forced in past the UI (a script, an extension) is never sent
    await page.evaluate(() => {
      const view = (window as unknown as { tandemEditor: { view: ForcedView } }).tandemEditor.view;
      view.dispatch(view.state.tr.insertText('FORCED ', 1));
    });
    expect(await editorText(page)).toBe('FORCED Written by the writer.');
    await page.waitForTimeout(1500);
    expect(await editorText(writer.page)).toBe('Written by the writer.');
    expect(await storedText(server, docId)).toBe('Written by the writer.');
    expect(await page.locator('.tandem-status').textContent()).toBe('View only');

    // a writer's editor in the reader's browser profile does not pick up the reader's local copy
    const again = await reader.context.newPage();
    await again.goto(`${server.url}/d/${docId}?token=${writeToken}`);
    await waitForStatus(again, 'Saved');
    await again.waitForTimeout(1000);
    expect(await editorText(again)).toBe('Written by the writer.');
    expect(await editorText(writer.page)).toBe('Written by the writer.');
    expect(await storedText(server, docId)).toBe('Written by the writer.');
    for (const user of [writer, reader]) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
