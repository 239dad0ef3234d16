import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, editorText, newUser, type User, useServerAndBrowser, waitForStatus } from './browser.js';

/** The live editor (the preview is a second ProseMirror view, shown in its place). */
const LIVE = '.editor-mount .ProseMirror';
const PREVIEW = '.version-preview .ProseMirror';

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

describe('web app: version history in Chromium', () => {
  const env = useServerAndBrowser();
  const users: User[] = [];

  it('names a version, shows it with the changes since highlighted, restores it, and the other page receives it', { timeout: 120_000 }, async () => {
    const ada = await newUser(env.browser, 'Ada Lovelace');
    const bob = await newUser(env.browser, 'Bob Kahn');
    users.push(ada, bob);
    const url = `${env.server.url}/d/history-${Date.now().toString(36)}`;
    await Promise.all([ada.page.goto(url), bob.page.goto(url)]);
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);

    // Ada writes a first draft and names it
    await ada.page.locator(LIVE).click();
    await ada.page.keyboard.type('Draft one. Keep this.');
    await waitForStatus(ada.page, 'Saved');
    await ada.page.getByRole('button', { name: 'History', exact: true }).click();
    expect(await ada.page.getByRole('button', { name: 'History', exact: true }).getAttribute('aria-expanded')).toBe('true');
    await ada.page.getByLabel('Version name').fill('First draft');
    await ada.page.getByRole('button', { name: 'Save', exact: true }).click();
    const named = ada.page.locator('.version-item[data-kind="named"]', { hasText: 'First draft' });
    await named.waitFor({ timeout: 10_000 });
    expect(await named.textContent()).toContain('Ada Lovelace');

    // then changes it: "one." is replaced, a sentence and a heading are added
    await ada.page.locator(LIVE).click();
    await ada.page.keyboard.press('Control+Home');
    await ada.page.keyboard.press('End');
    for (let i = 0; i < ' Keep this.'.length; i++) await ada.page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'one.'.length; i++) await ada.page.keyboard.press('Backspace');
    await ada.page.keyboard.type('two.');
    await ada.page.keyboard.press('End');
    await ada.page.keyboard.type(' Added later.');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('## New section');
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toBe('Draft two. Keep this. Added later.\nNew section');
    await waitForStatus(ada.page, 'Saved');

    // selecting the version shows it read-only in place of the editor, with the changes since marked
    await named.click();
    const preview = ada.page.locator('.version-preview[data-state="ready"]');
    await preview.waitFor({ timeout: 10_000 });
    expect(await ada.page.locator('.editor-mount').isHidden()).toBe(true);
    expect(await ada.page.locator(PREVIEW).getAttribute('contenteditable')).toBe('false');
    const added = await ada.page.locator(`${PREVIEW} ins[data-ychange="added"]`).allTextContents();
    const removed = await ada.page.locator(`${PREVIEW} del[data-ychange="removed"]`).allTextContents();
    expect(added.join('|')).toBe('two.| Added later.|New section');
    expect(removed).toEqual(['one.']);
    expect(await ada.page.locator(`${PREVIEW} h2[data-ychange="added"]`).textContent()).toBe('New section');
    // unchanged text carries no mark
    expect(await ada.page.locator(`${PREVIEW} p`).first().evaluate((p) => p.firstChild?.nodeType === Node.TEXT_NODE && p.firstChild.textContent)).toBe('Draft ');
    // the styles make them visible: additions underlined green, removals struck through red
    const addStyle = await ada.page.locator(`${PREVIEW} ins`).first().evaluate((el) => getComputedStyle(el).textDecorationLine + ' ' + getComputedStyle(el).textDecorationColor);
    const delStyle = await ada.page.locator(`${PREVIEW} del`).first().evaluate((el) => getComputedStyle(el).textDecorationLine + ' ' + getComputedStyle(el).textDecorationColor);
    expect(addStyle).toBe('underline rgb(26, 127, 55)');
    expect(delStyle).toBe('line-through rgb(207, 34, 46)');
    expect(await preview.locator('.preview-counts').textContent()).toBe(
      `Since this version: ${'two. Added later.New section'.length} characters added, 4 characters removed.`,
    );
    await ada.page.screenshot({ path: join(ARTIFACTS, 'history-panel.png') });

    // restoring: the preview closes, both editors get the version's content as an ordinary change
    await ada.page.getByRole('button', { name: 'Restore this version' }).click();
    await ada.page.locator('.version-preview').waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await ada.page.locator('.editor-mount').isVisible()).toBe(true);
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toBe('Draft one. Keep this.');
    await expect.poll(() => editorText(ada.page, LIVE), { timeout: 10_000 }).toBe('Draft one. Keep this.');
    await ada.page.getByText(/Restored “First draft”/).waitFor();
    // the state before the restore was kept, so the restore can be undone from the panel
    const before = ada.page.locator('.version-item[data-kind="pre-restore"]');
    await before.waitFor({ timeout: 10_000 });

    // Bob keeps editing on top of the restored document; Ada sees it
    await bob.page.locator('.ProseMirror').click();
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.type(' Bob agrees.');
    await expect.poll(() => editorText(ada.page, LIVE), { timeout: 10_000 }).toBe('Draft one. Keep this. Bob agrees.');
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);

    // downloads of the current document
    expect(await download(ada.page, 'Markdown')).toBe('Draft one. Keep this. Bob agrees.\n');
    expect(await download(ada.page, 'HTML')).toContain('<p>Draft one. Keep this. Bob agrees.</p>');

    // undo the restore by restoring the version kept before it
    await before.click();
    await ada.page.locator('.version-preview[data-state="ready"]').waitFor({ timeout: 10_000 });
    await ada.page.getByRole('button', { name: 'Restore this version' }).click();
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toBe('Draft two. Keep this. Added later.\nNew section');

    // Escape closes the panel
    await ada.page.getByRole('heading', { name: 'Version history' }).focus();
    await ada.page.keyboard.press('Escape');
    await ada.page.locator('.history-panel').waitFor({ state: 'hidden' });

    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});

describe('web app: version history at phone width', () => {
  const env = useServerAndBrowser();

  it('the preview takes the panel\'s place and going back shows the list again', { timeout: 60_000 }, async () => {
    const user = await newUser(env.browser, 'Pat', { width: 390, height: 760 });
    const { page } = user;
    await page.goto(`${env.server.url}/d/phone-history-${Date.now().toString(36)}`);
    await waitForStatus(page, 'Saved');
    await page.locator(LIVE).click();
    await page.keyboard.type('Short note.');
    await waitForStatus(page, 'Saved');
    await page.getByTestId('history').click();
    await page.getByLabel('Version name').fill('Note');
    await page.getByLabel('Version name').press('Enter');
    await page.locator('.version-item', { hasText: 'Note' }).click();
    await page.locator('.version-preview[data-state="ready"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.history-panel').isHidden()).toBe(true);
    expect(await page.locator(PREVIEW).isVisible()).toBe(true);
    expect(await editorText(page, PREVIEW)).toBe('Short note.');
    await page.screenshot({ path: join(ARTIFACTS, 'history-phone.png') });
    await page.getByRole('button', { name: 'Back to the document' }).click();
    await page.locator('.history-panel').waitFor({ state: 'visible' });
    expect(await page.locator('.version-preview').isHidden()).toBe(true);
    expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
