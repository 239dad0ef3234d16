import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, editorText, newUser, openTogether, type User, useServerAndBrowser, waitForStatus } from './browser.js';

describe('web app: two people editing one document in Chromium', () => {
  const env = useServerAndBrowser();
  const users: User[] = [];
  const docId = `collab-${Date.now().toString(36)}`;

  it('syncs typing, cursors with names and formatting, and a late joiner loads everything', { timeout: 90_000 }, async () => {
    const url = `${env.server.url}/d/${docId}`;
    const [ada, bob] = (await openTogether(env.browser, url, ['Ada Lovelace', 'Bob Kahn'])) as [User, User];
    users.push(ada, bob);

    // the shared title shows in the page and the browser tab of the other person
    await ada.page.getByLabel('Document title').fill('Meeting notes');
    await expect.poll(() => bob.page.title(), { timeout: 10_000 }).toBe('Meeting notes · Tandem');
    expect(await bob.page.getByLabel('Document title').inputValue()).toBe('Meeting notes');

    // what one types appears in the other
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Hello from Ada.');
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toContain('Hello from Ada.');

    // and back
    await bob.page.locator('.ProseMirror').click();
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.press('Enter');
    await bob.page.keyboard.type('Bob was here');
    await expect.poll(() => editorText(ada.page), { timeout: 10_000 }).toContain('Bob was here');

    // each sees the other's cursor with the other's name, and the other in the list of who is here
    await ada.page.locator('.tandem-cursor-label', { hasText: 'Bob Kahn' }).waitFor({ timeout: 10_000 });
    await bob.page.locator('.tandem-cursor-label', { hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await ada.page.locator('.tandem-avatar[data-name="Bob Kahn"]').waitFor();
    await bob.page.locator('.tandem-avatar[data-name="Ada Lovelace"]').waitFor();

    // formatting made in one shows in the other: a heading by input rule, bold by shortcut, a list by toolbar
    await ada.page.keyboard.press('Control+Home');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.press('ArrowUp');
    await ada.page.keyboard.type('## Agenda');
    await bob.page.locator('.ProseMirror h2', { hasText: 'Agenda' }).waitFor({ timeout: 10_000 });
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.press('Enter');
    await bob.page.keyboard.press('Control+b');
    await bob.page.keyboard.type('decisions');
    await bob.page.keyboard.press('Control+b');
    await ada.page.locator('.ProseMirror strong', { hasText: 'decisions' }).waitFor({ timeout: 10_000 });
    await bob.page.getByRole('button', { name: 'Bulleted list' }).click();
    await ada.page.locator('.ProseMirror ul li', { hasText: 'decisions' }).waitFor({ timeout: 10_000 });
    expect(await bob.page.getByRole('button', { name: 'Bulleted list' }).getAttribute('aria-pressed')).toBe('true');
    // the cursor sits at the end of the bold word, so Bold shows as active; in the heading it does not
    expect(await bob.page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    expect(await ada.page.getByRole('button', { name: 'Heading 2' }).getAttribute('aria-pressed')).toBe('true');
    expect(await ada.page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('false');

    // both say saved once the server holds everything
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);

    // a third person opening the link later loads the full document, and sees both cursors
    const cy = await newUser(env.browser, 'Cy Late');
    users.push(cy);
    await cy.page.goto(url);
    await cy.page.locator('.tandem-cursor-label', { hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await cy.page.locator('.tandem-cursor-label', { hasText: 'Bob Kahn' }).waitFor({ timeout: 10_000 });
    await cy.page.screenshot({ path: join(ARTIFACTS, 'two-cursors.png') });
    const expected = await editorText(ada.page);
    await expect.poll(() => editorText(cy.page), { timeout: 10_000 }).toBe(expected);
    expect(expected).toMatch(/Agenda\s+Hello from Ada\.\s+Bob was here\s+decisions/);
    await cy.page.locator('.ProseMirror h2', { hasText: 'Agenda' }).waitFor();
    await cy.page.locator('.ProseMirror ul strong', { hasText: 'decisions' }).waitFor();
    expect(await cy.page.title()).toBe('Meeting notes · Tandem');

    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });

  it('undo takes back only the local user\'s changes', { timeout: 60_000 }, async () => {
    const ada = await newUser(env.browser, 'Ada');
    const bob = await newUser(env.browser, 'Bob');
    users.push(ada, bob);
    const url = `${env.server.url}/d/${docId}-undo`;
    await Promise.all([ada.page.goto(url), bob.page.goto(url)]);
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Ada line');
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toContain('Ada line');
    await bob.page.locator('.ProseMirror').click();
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.type(' and Bob');
    await expect.poll(() => editorText(ada.page), { timeout: 10_000 }).toContain('Ada line and Bob');
    await ada.page.keyboard.press('Control+z');
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).not.toContain('Ada line');
    expect((await editorText(ada.page)).trim()).toBe('and Bob');
    await ada.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toContain('Ada line and Bob');
    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
