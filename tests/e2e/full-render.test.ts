import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorText, newUser, useServerAndBrowser, waitForStatus } from './browser.js';
import { fillParagraphs } from './fill-paragraphs.js';

/**
 * The "screen reader mode" setting (apps/web full-render.ts): it turns the editor's viewport
 * window off, so every block of a large document is painted and its text reaches the browser's
 * find and screen readers; turned off again, far blocks are hidden as before.
 */
const BLOCKS = 1000;
const FAR = 800;

const fill = (page: Page) => fillParagraphs(page, BLOCKS);

/** Whether block FAR is painted, and whether its text is in the page's rendered text (what find and screen readers read). */
const farBlock = (page: Page) =>
  page.evaluate((far) => {
    const root = document.querySelector<HTMLElement>('.ProseMirror')!;
    const block = root.querySelectorAll(':scope > p')[far] as HTMLElement;
    return { visible: getComputedStyle(block).display !== 'none', inText: root.innerText.includes(`Paragraph ${far}:`), windowed: root.classList.contains('tandem-windowed') };
  }, FAR);

describe('screen reader mode', () => {
  const env = useServerAndBrowser();

  it('shows every block of a large document when on, and windows them again when off', { timeout: 180_000 }, async () => {
    const ada = await newUser(env.browser, 'Ada');
    const url = `${env.server.url}/d/full-render-${Date.now().toString(36)}`;
    await ada.page.goto(url);
    await waitForStatus(ada.page, 'Saved');
    await fill(ada.page);
    await waitForStatus(ada.page, 'Saved', 60_000);

    // by default the window is on: the far block is hidden from the page's text
    const toggle = ada.page.getByTestId('full-render');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => farBlock(ada.page)).toEqual({ visible: false, inText: false, windowed: true });

    // turned on: the page reloads with every block painted and in the text
    await toggle.click();
    await ada.page.getByTestId('full-render').and(ada.page.locator('[aria-pressed="true"]')).waitFor({ timeout: 30_000 });
    await expect.poll(() => ada.page.locator('.ProseMirror > p').count(), { timeout: 60_000 }).toBe(BLOCKS);
    await expect.poll(() => farBlock(ada.page)).toEqual({ visible: true, inText: true, windowed: false });

    // editing still works there
    const block = ada.page.locator('.ProseMirror > p').nth(FAR);
    await block.scrollIntoViewIfNeeded();
    await block.click();
    await ada.page.keyboard.type(' seen');
    await expect.poll(async () => (await editorText(ada.page)).split('\n')[FAR]?.includes(' seen')).toBe(true);
    await waitForStatus(ada.page, 'Saved', 30_000);

    // turned off again: windowed as before (after the reload the page is at the top)
    await ada.page.getByTestId('full-render').click();
    await ada.page.getByTestId('full-render').and(ada.page.locator('[aria-pressed="false"]')).waitFor({ timeout: 30_000 });
    await expect.poll(() => ada.page.locator('.ProseMirror > p').count(), { timeout: 60_000 }).toBe(BLOCKS);
    await expect.poll(() => farBlock(ada.page)).toEqual({ visible: false, inText: false, windowed: true });

    expect(ada.errors).toEqual([]);
    await ada.context.close();
  });
});
