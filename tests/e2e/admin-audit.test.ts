import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ARTIFACTS, launchBrowser, newUser, setUpFirstAdmin } from './browser.js';

/** The admin page's Audit log card, driven in Chromium: what people did shows up, filters narrow it. */
describe('admin page: audit log', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'accounts' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('lists the actions of people newest first and filters them by who and by action', { timeout: 90_000 }, async () => {
    const { page, errors, context } = await newUser(browser, 'ignored', { width: 1200, height: 1000 });
    await setUpFirstAdmin(page, server.url);

    // someone else, over the API: a failed sign-in, then sign-up, a document renamed and exported, then deleted
    const ada = new Person(server.url, 'ada@example.com', 'analytical engine');
    expect((await ada.signin()).status).toBe(200);
    expect((await ada.api('PUT', '/api/admin/settings', { signup: 'open' })).status).toBe(200);
    const bea = new Person(server.url, 'bea@example.com', 'difference engine');
    expect((await bea.signin('not her password')).status).toBe(401);
    expect((await bea.signup()).status).toBe(201);
    const id = await bea.createDoc('Quarterly plan');
    expect((await bea.api('PATCH', `/api/docs/${id}`, { title: 'Quarterly plan (final)' })).status).toBe(200);
    expect((await bea.api('GET', `/api/docs/${id}/export?format=md`)).status).toBe(200);
    expect((await bea.api('DELETE', `/api/docs/${id}`)).status).toBe(200);

    await page.goto(`${server.url}/admin`);
    const card = page.getByTestId('admin-audit');
    await card.waitFor();
    const rows = page.locator('[data-testid=audit-entries] tr');
    await rows.first().waitFor();
    expect(await rows.first().getAttribute('data-action')).toBe('document.deleted');
    await page.locator('[data-testid=audit-entries] tr[data-action="auth.sign_in_failed"]', { hasText: 'anonymous' }).waitFor();
    expect(await page.locator('[data-testid=audit-entries] tr[data-action="document.renamed"]').innerText()).toContain('Quarterly plan (final)');

    await page.getByTestId('audit-actor').fill('bea@example.com');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).join(',')).toBe(
      'document.deleted,export,document.renamed,document.created,auth.signed_in,account.created',
    );
    const dir = join(ARTIFACTS, 'screens');
    mkdirSync(dir, { recursive: true });
    await page.getByTestId('audit-actor').fill('');
    await page.getByTestId('audit-action').selectOption('document.*');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).every((a) => a?.startsWith('document.'))).toBe(true);
    await page.getByTestId('audit-action').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('[data-testid=audit-entries] tr[data-action="admin.settings_changed"]').waitFor();
    expect(await page.getByTestId('audit-older').isVisible()).toBe(false); // one page holds them all
    await page.addStyleTag({ content: '.site-header { position: static !important; }' }); // the sticky header would cover the card in its picture
    await card.screenshot({ path: join(dir, 'admin-audit.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
