import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Person } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { launchBrowser, newUser, type User, waitForStatus } from './browser.js';
import { blockShown, fillParagraphs } from './fill-paragraphs.js';

const BLOCKS = 5000;

/** Selects `text` (the first occurrence) through the editor, scrolled into view: as the editor's find does. */
async function selectText(page: Page, text: string): Promise<void> {
  await page.locator('.ProseMirror').focus();
  await page.evaluate((t) => {
    const view = (window as unknown as { tandemEditor: { view: any } }).tandemEditor.view;
    let from = -1;
    view.state.doc.descendants((node: any, p: number) => {
      const i = from < 0 && node.isText ? node.text.indexOf(t) : -1;
      if (i >= 0) from = p + i;
      return from < 0;
    });
    const Selection = view.state.selection.constructor;
    view.dispatch(view.state.tr.setSelection(Selection.create(view.state.doc, from, from + t.length)).scrollIntoView());
  }, text);
}

/** Comments `body` on the selection, through the bubble beside it. */
async function comment(page: Page, body: string): Promise<void> {
  await page.getByTestId('comment-bubble').waitFor();
  await page.getByTestId('comment-bubble').click();
  await page.getByTestId('comment-input').fill(body);
  await page.getByTestId('comment-submit').click();
}


// Comment cards stand beside their text in the margin, also when that text is outside the viewport window.
describe('comments in a 5,000-block document', () => {
  let server: TestServer;
  let browser: Browser;
  let olga: User;
  let docId = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-large-comments-'));
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'accounts' }, dataDir);
    browser = await launchBrowser();
    const owner = new Person(server.url, 'olga@example.com');
    await owner.setup('Olga');
    docId = await owner.createDoc('Long report');
    olga = await newUser(browser, 'Olga', { width: 1440, height: 900 });
    await olga.context.addCookies([{ name: 'tandem_session', value: owner.cookie.split('=')[1]!, url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('places the card of a thread in a far block by its estimated position, and its click brings the text', { timeout: 180_000 }, async () => {
    await olga.page.goto(`${server.url}/d/${docId}`);
    await waitForStatus(olga.page, 'Saved');
    await fillParagraphs(olga.page, BLOCKS);
    await waitForStatus(olga.page, 'Saved', 120_000);
    await selectText(olga.page, 'Paragraph 10:');
    await comment(olga.page, 'Near the top.');
    await selectText(olga.page, 'Paragraph 4000:');
    await comment(olga.page, 'Far down.');
    await expect.poll(() => olga.page.getByTestId('thread').count()).toBe(2);

    // back at the top: block 4000 is out of the window, yet its card stands far down the margin
    // (Ctrl+Home moves the caret, and with it the window, to the start; a click at the top could
    // land on the sticky header mid-scroll. It scrolls only until the caret shows, and the
    // spacers above may still settle, so the page is then scrolled to its top until it stays.)
    await olga.page.locator('.ProseMirror').focus();
    await olga.page.keyboard.press('Control+Home');
    await expect.poll(() => olga.page.evaluate(() => (scrollTo(0, 0), new Promise<number>((r) => requestAnimationFrame(() => r(scrollY)))))).toBe(0);
    await expect.poll(() => blockShown(olga.page, 4000)).toBe(false);
    const tops = async () =>
      olga.page.evaluate(() => {
        const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="thread"]')];
        const pitch = document.scrollingElement!.scrollHeight / 5000;
        return { cards: cards.map((c) => c.offsetTop), pitch };
      });
    await expect
      .poll(async () => {
        const { cards, pitch } = await tops();
        // the far card within 15% of where block 4000 would stand (its estimate), the near one at the top
        return cards.length === 2 && cards[0]! < 40 * pitch && Math.abs(cards[1]! - 4000 * pitch) < 600 * pitch;
      })
      .toBe(true);

    // a click on the far card scrolls to its text: the window follows and shows it on screen
    await olga.page.getByTestId('thread').nth(1).click();
    await expect.poll(() => blockShown(olga.page, 4000), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => olga.page.locator('.ProseMirror > p').nth(4000).evaluate((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }), { timeout: 10_000 })
      .toBe(true);
    expect(olga.errors).toEqual([]);
  });
});
