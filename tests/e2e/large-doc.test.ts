import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorText, newUser, useServerAndBrowser, waitForStatus } from './browser.js';
import { blockShown, fillParagraphs } from './fill-paragraphs.js';

/**
 * A 5,000-block (1 MB) document, where the editor shows only the blocks near the viewport
 * (viewport-window.ts): typing, Enter after scrolling, select-all + copy, a second user, find and
 * the word count must all see the whole document, in order. Timing belongs to the bench (E1), not here.
 */
const BLOCKS = 5000;
const paragraph = (i: number) => `Paragraph ${i}: `.padEnd(200, 'lorem ipsum ');
const words = (text: string) => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;

const fill = (page: Page) => fillParagraphs(page, BLOCKS);

/** The text ProseMirror puts on the clipboard for select-all + copy (read in the copy event). */
async function copyAll(page: Page): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { copied?: string };
    delete w.copied;
    window.addEventListener('copy', (e) => (w.copied = e.clipboardData?.getData('text/plain')), { once: true });
  });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() => (window as unknown as { copied?: string }).copied !== undefined);
  return page.evaluate(() => (window as unknown as { copied: string }).copied);
}

/** Clicks just right of the last line of `block`, which puts the caret at its end (End only reaches a wrapped line's end). */
async function clickEnd(page: Page, block: ReturnType<Page['locator']>): Promise<void> {
  await block.scrollIntoViewIfNeeded();
  const box = (await block.boundingBox())!;
  await page.mouse.click(box.x + box.width - 2, box.y + box.height - 6);
}


/**
 * Scrolls until the block at `index` is in the viewport window and on screen, as a writer would:
 * by the pitch of the blocks on screen times the blocks to go, again until it is there (the spacers' heights are estimates).
 */
async function reveal(page: Page, index: number): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate((i) => {
          const blocks = [...document.querySelectorAll<HTMLElement>('.ProseMirror > p')];
          const el = blocks[i]!;
          if (getComputedStyle(el).display !== 'none') {
            el.scrollIntoView({ block: 'center' });
            return true;
          }
          const onScreen = blocks.map((b, k) => [b.getBoundingClientRect(), k] as const).filter(([r]) => r.height > 0 && r.bottom > 0 && r.top < innerHeight);
          const scroller = document.scrollingElement!;
          const [first, last] = [onScreen[0], onScreen[onScreen.length - 1]];
          if (!first || !last || first[1] === last[1]) scroller.scrollTop = (i / blocks.length) * scroller.scrollHeight - innerHeight / 2;
          else {
            // from the blocks on screen, their pitch times the blocks still to go
            const pitch = (last[0].top - first[0].top) / (last[1] - first[1]);
            scroller.scrollTop += first[0].top + (i - first[1]) * pitch - innerHeight / 2;
          }
          return false;
        }, index),
      { timeout: 20_000, interval: 100 },
    )
    .toBe(true);
}

describe('a 5,000-block document', () => {
  const env = useServerAndBrowser();

  it('types, splits and copies in order everywhere, for both users, with a right word count', { timeout: 240_000 }, async () => {
    const ada = await newUser(env.browser, 'Ada');
    const url = `${env.server.url}/d/large-${Date.now().toString(36)}`;
    await ada.page.goto(url);
    await waitForStatus(ada.page, 'Saved');
    await fill(ada.page);
    await waitForStatus(ada.page, 'Saved', 120_000);
    const expected = Array.from({ length: BLOCKS }, (_, i) => paragraph(i));

    // only the blocks near the viewport (and the first and last) are painted
    await expect.poll(() => ada.page.locator('.ProseMirror.tandem-windowed').count()).toBe(1);
    expect(await blockShown(ada.page, 0)).toBe(true);
    expect(await blockShown(ada.page, 3000)).toBe(false);
    expect(await blockShown(ada.page, BLOCKS - 1)).toBe(true);
    // the spacers keep the page about as tall as the whole document laid out
    const { scrollHeight, pitch } = await ada.page.evaluate(() => {
      // the average pitch of the longest stretch of consecutive blocks laid out (the window on screen)
      const blocks = [...document.querySelectorAll('.ProseMirror > p')];
      let best = [0, 0];
      for (let i = 0, start = 0; i <= blocks.length; i++) {
        if (i < blocks.length && getComputedStyle(blocks[i]!).display !== 'none') continue;
        if (i - start > best[1]! - best[0]!) best = [start, i];
        start = i + 1;
      }
      const [from, to] = [best[0]!, best[1]! - 1];
      const pitch = (blocks[to]!.getBoundingClientRect().top - blocks[from]!.getBoundingClientRect().top) / (to - from);
      return { scrollHeight: document.scrollingElement!.scrollHeight, pitch };
    });
    expect(scrollHeight / (pitch * BLOCKS)).toBeGreaterThan(0.9);
    expect(scrollHeight / (pitch * BLOCKS)).toBeLessThan(1.1);

    // typing in the middle: the block shows and takes the text
    await expect.poll(() => blockShown(ada.page, 2500)).toBe(false);
    await reveal(ada.page, 2500);
    const middle = ada.page.locator('.ProseMirror > p').nth(2500);
    await clickEnd(ada.page, middle);
    await ada.page.keyboard.type(' typed in the middle');
    expected[2500] += ' typed in the middle';
    expect(await blockShown(ada.page, 2500)).toBe(true);

    // scroll on, click a block there, and type lines with Enter: each lands after the previous one
    await ada.page.mouse.wheel(0, 6000);
    await ada.page.waitForTimeout(300);
    const target = await ada.page.evaluate(() => {
      const blocks = [...document.querySelectorAll('.ProseMirror > p')];
      return blocks.findIndex((b) => b.getBoundingClientRect().top > 200);
    });
    expect(target).toBeGreaterThan(2500);
    expect(await blockShown(ada.page, target)).toBe(true);
    await clickEnd(ada.page, ada.page.locator('.ProseMirror > p').nth(target));
    const lines = ['First new line', 'Second new line', 'Third new line'];
    for (const line of lines) {
      await ada.page.keyboard.press('Enter');
      await ada.page.keyboard.type(line);
    }
    expected.splice(target + 1, 0, ...lines);

    // the far end by keyboard: Ctrl+End reaches the real last block, not the window's end
    await ada.page.keyboard.press('Control+End');
    await ada.page.keyboard.type(' the end');
    expected[expected.length - 1] += ' the end';

    expect((await editorText(ada.page)).split('\n')).toEqual(expected);
    const copied = (await copyAll(ada.page)).split(/\n+/).filter(Boolean);
    expect(copied).toEqual(expected);
    const total = expected.reduce((sum, line) => sum + words(line), 0);
    await ada.page.locator('.tandem-word-count').filter({ hasText: `${total.toLocaleString('en')} words` }).waitFor({ timeout: 10_000 });
    await waitForStatus(ada.page, 'Saved', 60_000);

    // a second user gets every edit, in order, and the same count
    const bob = await newUser(env.browser, 'Bob');
    await bob.page.goto(url);
    await expect.poll(() => bob.page.locator('.ProseMirror > p').count(), { timeout: 60_000 }).toBe(expected.length);
    expect((await editorText(bob.page)).split('\n')).toEqual(expected);
    await bob.page.locator('.tandem-word-count').filter({ hasText: `${total.toLocaleString('en')} words` }).waitFor({ timeout: 10_000 });

    // and Bob's typing reaches Ada
    // (once Bob's editor is synced and the block he clicks is painted, so the click places the caret)
    await waitForStatus(bob.page, 'Saved', 60_000);
    const bobBlock = bob.page.locator('.ProseMirror > p').nth(100);
    await reveal(bob.page, 100);
    await clickEnd(bob.page, bobBlock);
    // Ada reads the middle meanwhile: a remote change (y-prosemirror replaces her whole document) leaves her window in place
    // (her caret there: with the select-all above, y-prosemirror would scroll her to its end)
    await reveal(ada.page, 3000);
    await clickEnd(ada.page, ada.page.locator('.ProseMirror > p').nth(3000));
    await bob.page.keyboard.type(' from Bob');
    expected[100] += ' from Bob';
    await expect.poll(async () => (await editorText(bob.page)).split('\n')[100], { timeout: 10_000 }).toBe(expected[100]);
    await expect.poll(async () => (await editorText(ada.page)).split('\n')[100], { timeout: 30_000 }).toBe(expected[100]);
    // the blocks on screen beyond the caret's neighbours are shown because of the window's measured range
    expect([await blockShown(ada.page, 2997), await blockShown(ada.page, 3003)]).toEqual([true, true]);

    // the editor's find reaches a block far outside the window and shows it
    const far = expected.findIndex((line) => line.startsWith('Paragraph 4321:'));
    expect(await blockShown(ada.page, far)).toBe(false);
    await ada.page.keyboard.press('Control+f');
    const find = ada.page.locator('.tandem-find').getByRole('searchbox', { name: 'Find' });
    await find.fill('Paragraph 4321:');
    await ada.page.locator('.tandem-find-count').filter({ hasText: / of 1$/ }).waitFor();
    await find.press('Enter');
    await expect.poll(() => blockShown(ada.page, far)).toBe(true);
    expect(await ada.page.locator('.ProseMirror .ProseMirror-active-search-match').first().textContent()).toBe('Paragraph 4321:');

    expect(ada.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
    await ada.context.close();
    await bob.context.close();
  });
});
