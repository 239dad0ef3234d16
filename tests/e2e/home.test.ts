import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, editorText, newUser, useServerAndBrowser, waitForStatus } from './browser.js';

describe('web app: home page, sharing, names, phone width', () => {
  const env = useServerAndBrowser();

  it('creates a document, lists it on the home page, and opens one by id', { timeout: 60_000 }, async () => {
    const user = await newUser(env.browser, 'Hana');
    await user.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    const { page } = user;
    await page.goto(env.server.url);
    await page.getByRole('button', { name: 'New document' }).click();
    await page.waitForURL(/\/d\/[A-Za-z0-9_-]{22}$/);
    const docUrl = page.url();
    // a new document starts in its title
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Document title');
    await page.keyboard.type('Trip ideas');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- Lisbon');
    await page.locator('.ProseMirror ul li', { hasText: 'Lisbon' }).waitFor();
    await waitForStatus(page, 'Saved');
    expect(await page.title()).toBe('Trip ideas · Tandem');

    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByText('Link copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(docUrl);

    await page.getByRole('link', { name: 'Tandem home' }).click();
    const entry = page.locator('[data-testid="recent"] a', { hasText: 'Trip ideas' });
    await entry.waitFor();
    expect(await entry.getAttribute('href')).toBe(new URL(docUrl).pathname);

    // open by pasting the link
    await page.getByLabel('Document id or link').fill(docUrl);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(docUrl);
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toBe('Lisbon');
    await page.goto(env.server.url);
    await page.getByLabel('Document id or link').fill('not a valid id!');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').filter({ hasText: 'not a document id' }).waitFor();
    expect(user.errors).toEqual([]);
  });

  it('a changed display name is remembered and shown to others', { timeout: 60_000 }, async () => {
    const a = await newUser(env.browser, 'First Name');
    const b = await newUser(env.browser, 'Watcher');
    const url = `${env.server.url}/d/names-${Date.now().toString(36)}`;
    await Promise.all([a.page.goto(url), b.page.goto(url)]);
    await b.page.locator('.tandem-avatar[data-name="First Name"]').waitFor();
    await a.page.getByRole('button', { name: 'Change your display name' }).click();
    await a.page.getByLabel('Your display name', { exact: true }).fill('Second Name');
    await a.page.keyboard.press('Enter');
    await b.page.locator('.tandem-avatar[data-name="Second Name"]').waitFor({ timeout: 10_000 });
    await a.page.reload();
    await a.page.getByRole('button', { name: 'Change your display name' }).filter({ hasText: 'Second Name' }).waitFor();
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', { timeout: 60_000 }, async () => {
    const phone = await newUser(env.browser, 'Phone Person', { width: 375, height: 740 });
    const other = await newUser(env.browser, 'Desk Person');
    const url = `${env.server.url}/d/phone-${Date.now().toString(36)}`;
    await Promise.all([phone.page.goto(url), other.page.goto(url)]);
    await other.page.getByLabel('Document title').fill('Field notes');
    await other.page.locator('.ProseMirror').click();
    await other.page.keyboard.type('## Tuesday');
    await other.page.keyboard.press('Enter');
    await other.page.keyboard.type('Walked along the river and wrote this down on a small screen.');
    await phone.page.locator('.ProseMirror').click();
    await phone.page.keyboard.press('Control+End');
    await phone.page.locator('.tandem-cursor-label', { hasText: 'Desk Person' }).waitFor({ timeout: 10_000 });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(ARTIFACTS, 'phone.png') });
    await phone.page.goto(env.server.url);
    await phone.page.locator('[data-testid="recent"] a').first().waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(ARTIFACTS, 'phone-home.png') });
    expect([...phone.errors, ...other.errors]).toEqual([]);
  });
});
