import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, editorText, newUser, useServerAndBrowser, waitForStatus } from './browser.js';

/** Screenshots of the tour go here (git-ignored test-results/ unless SHOTS_DIR says otherwise). */
const SHOTS = process.env.SHOTS_DIR ?? join(ARTIFACTS, 'editor');
mkdirSync(SHOTS, { recursive: true });

const LONG = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of a long document, long enough to scroll the page.`);

describe('writing polish a user notices', () => {
  const env = useServerAndBrowser();

  it('keeps the toolbar under the header while scrolling, on a desktop and on a phone', { timeout: 60_000 }, async () => {
    for (const [name, viewport] of [
      ['desktop', { width: 1100, height: 760 }],
      ['phone', { width: 390, height: 800 }],
    ] as const) {
      const user = await newUser(env.browser, 'Ada', viewport);
      const docId = `sticky-${name}-${Date.now().toString(36)}`;
      await user.page.goto(`${env.server.url}/d/${docId}`);
      await user.page.locator('.doc-title-input').fill('Quarterly plan');
      await user.page.locator('.ProseMirror').click();
      await user.page.keyboard.type('# Quarterly plan\n');
      await user.page.keyboard.type('Some **bold** words, some *emphasis*, a `code` span and ~~old~~ text. See https://example.com/plan for more.\n');
      for (const line of LONG) {
        await user.page.keyboard.insertText(line);
        await user.page.keyboard.press('Enter');
      }
      await waitForStatus(user.page, 'Saved');
      // every line went where it was typed (in order), also once the page scrolled
      const lines = (await editorText(user.page)).split('\n').slice(2, 2 + LONG.length);
      expect(lines).toEqual(LONG);
      await user.page.mouse.wheel(0, 1500);
      await user.page.waitForTimeout(500);
      const header = await user.page.locator('.site-header').boundingBox();
      const bar = await user.page.locator('.tandem-bar').boundingBox();
      expect(Math.abs(bar!.y - (header!.y + header!.height))).toBeLessThan(2);
      await user.page.screenshot({ path: join(SHOTS, `${name}-scrolled.png`) });
      await user.page.mouse.wheel(0, -5000);
      await user.page.waitForTimeout(300);
      await user.page.screenshot({ path: join(SHOTS, `${name}-light.png`) });
      expect(user.errors).toEqual([]);
      await user.context.close();
    }
  });

  it('turns typed Markdown into formatting and links', { timeout: 60_000 }, async () => {
    const user = await newUser(env.browser, 'Bea');
    await user.page.goto(`${env.server.url}/d/md-${Date.now().toString(36)}`);
    await user.page.locator('.ProseMirror').click();
    await user.page.keyboard.type('A **bold** and *italic* word, `code`, ~~gone~~, [a link](example.com/page) and www.example.org done');
    const html = await user.page.locator('.ProseMirror p').first().innerHTML();
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toMatch(/<a href="https:\/\/example\.com\/page"[^>]*>a link<\/a>/);
    expect(html).toMatch(/<a href="https:\/\/www\.example\.org"[^>]*>www\.example\.org<\/a>/);
    expect(await editorText(user.page)).toBe('A bold and italic word, code, gone, a link and www.example.org done');
    await user.page.locator('.tandem-word-count').filter({ hasText: '14 words' }).waitFor({ timeout: 5000 });
  });

  it('has a dark theme that follows the system and a toggle that overrides it', { timeout: 60_000 }, async () => {
    const user = await newUser(env.browser, 'Cy');
    await user.page.emulateMedia({ colorScheme: 'dark' });
    const docId = `dark-${Date.now().toString(36)}`;
    await user.page.goto(`${env.server.url}/d/${docId}`);
    await user.page.locator('.ProseMirror').click();
    await user.page.keyboard.type('## Night shift\nWritten in the **dark** theme, with a [link](example.com).');
    await waitForStatus(user.page, 'Saved');
    expect(await user.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await user.page.locator('.tandem-editor').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(22, 27, 34)');
    await user.page.screenshot({ path: join(SHOTS, 'desktop-dark.png') });
    await user.page.locator('[data-testid="theme"]').click(); // system -> dark (saved)
    await user.page.locator('[data-testid="theme"]').click(); // dark -> light
    expect(await user.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await user.page.reload();
    expect(await user.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const phone = await newUser(env.browser, 'Cy', { width: 390, height: 800 });
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await phone.page.goto(`${env.server.url}/d/${docId}`);
    await waitForStatus(phone.page, 'Saved');
    await phone.page.locator('.tandem-word-count').filter({ hasText: '10 words' }).waitFor({ timeout: 5000 }); // a joiner's count too
    await phone.page.screenshot({ path: join(SHOTS, 'phone-dark.png') });
  });

  it('answers a bad link with a page saying so, and says when a link has no document yet', { timeout: 60_000 }, async () => {
    const res = await fetch(`${env.server.url}/d/bad%20id`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const user = await newUser(env.browser, 'Dan');
    await user.page.goto(`${env.server.url}/d/not a document!`);
    await user.page.getByRole('heading', { name: 'This link is not a document' }).waitFor();
    await user.page.screenshot({ path: join(SHOTS, 'bad-link.png') });
    await user.page.goto(`${env.server.url}/d/meeting-notse`);
    await user.page.locator('.doc-notice').filter({ hasText: 'No document at this link yet' }).waitFor();
    await user.page.screenshot({ path: join(SHOTS, 'unknown-link.png') });
    await user.page.locator('.ProseMirror').click();
    await user.page.keyboard.type('Now it exists.');
    await expect.poll(() => user.page.locator('.doc-notice').isHidden()).toBe(true);
  });
});
