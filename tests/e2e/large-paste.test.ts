import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newUser, useServerAndBrowser, waitForStatus } from './browser.js';

/** Pastes `lines` as plain text into the page's editor (one paragraph per line), as a real paste event. */
async function paste(page: Page, lines: number, width: number): Promise<number> {
  return page.evaluate(
    ({ lines, width }) => {
      const text = Array.from({ length: lines }, (_, i) => `Paragraph ${i} `.padEnd(width, 'x')).join('\n');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return text.length;
    },
    { lines, width },
  );
}

const paragraphs = (page: Page) => page.locator('.ProseMirror p').count();

describe('a paste over 1 MiB syncs', () => {
  const env = useServerAndBrowser();

  it('sends a 1.3 MB paste of 6,000 paragraphs in frames the server takes, on one socket, to the other user and the store', { timeout: 120_000 }, async () => {
    const docId = `paste-${Date.now().toString(36)}`;
    const url = `${env.server.url}/d/${docId}`;
    const ada = await newUser(env.browser, 'Ada');
    const bob = await newUser(env.browser, 'Bob');
    let sockets = 0;
    ada.page.on('websocket', (ws) => {
      if (ws.url().includes('/sync/') && !ws.url().includes('channel=comments')) sockets++; // the document's sockets, not its comments'
    });
    await Promise.all([ada.page.goto(url), bob.page.goto(url)]);
    await waitForStatus(ada.page, 'Saved');
    await ada.page.locator('.ProseMirror').click();
    const chars = await paste(ada.page, 6000, 215);
    expect(chars).toBeGreaterThan(1_290_000);
    await expect.poll(() => paragraphs(bob.page), { timeout: 60_000, interval: 500 }).toBe(6000);
    await waitForStatus(ada.page, 'Saved', 30_000);
    expect(sockets).toBe(1);

    // stored: a newcomer gets all of it from the server
    const late = await newUser(env.browser, 'Late');
    await late.page.goto(url);
    await expect.poll(() => paragraphs(late.page), { timeout: 30_000, interval: 500 }).toBe(6000);
    for (const user of [ada, bob, late]) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
