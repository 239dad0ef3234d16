import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorText, launchBrowser, newUser, type User, waitForStatus } from './browser.js';
import type { Browser } from 'playwright-core';

/** Screenshots of the accounts screens (looked at by a person; outside the repository by default). */
const SHOTS = process.env.SHOTS_DIR ?? join(import.meta.dirname, '..', '..', 'test-results', 'accounts');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

async function signUpOrIn(page: Page, fields: { name?: string; email: string; password: string }) {
  if (fields.name !== undefined) await page.getByTestId('auth-name').fill(fields.name);
  await page.getByTestId('auth-email').fill(fields.email);
  await page.getByTestId('auth-password').fill(fields.password);
  await page.getByTestId('auth-submit').click();
}

describe('web app in accounts mode: people, roles and sharing in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const users: User[] = [];
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'accounts' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const u of users) await u.context.close();
    await browser?.close();
    await server?.dispose();
  });

  it('first-run admin, invite, edit together, view-only link, revoke, other sites refused', { timeout: 120_000 }, async () => {
    const ada = await newUser(browser, 'ignored');
    const bea = await newUser(browser, 'ignored');
    const cy = await newUser(browser, 'Cy via link');
    users.push(ada, bea, cy);

    // A fresh server offers the first account, which becomes admin.
    await ada.page.goto(server.url);
    await ada.page.getByTestId('setup-form').waitFor();
    await shot(ada.page, '01-first-run');
    await signUpOrIn(ada.page, { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical engine' });
    await ada.page.getByTestId('new-doc').waitFor();
    await shot(ada.page, '02-home-empty');

    // Anonymous visitors get the sign-in page and see no document.
    await bea.page.goto(server.url);
    await bea.page.getByTestId('signin-form').waitFor();
    await shot(bea.page, '03-signin');
    expect(await bea.page.locator('[data-testid=recent]').count()).toBe(0);

    // Ada creates a document and writes in it.
    await ada.page.getByTestId('new-doc').click();
    await ada.page.waitForURL(/\/d\//);
    const docUrl = ada.page.url().split('?')[0]!;
    const docId = decodeURIComponent(docUrl.split('/d/')[1]!);
    await waitForStatus(ada.page, 'Saved');
    await ada.page.getByLabel('Document title').fill('Plans');
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Hello from Ada.');
    await waitForStatus(ada.page, 'Saved');

    // An anonymous visitor of the document URL is sent to sign in.
    await bea.page.goto(docUrl);
    await bea.page.waitForURL(/\/signin\?next=/);

    // Ada invites Bea (no account yet) as an editor: an invite link to copy.
    await ada.page.getByTestId('share').click();
    await ada.page.getByTestId('share-dialog').waitFor();
    await ada.page.getByTestId('invite-email').fill('bea@example.com');
    await ada.page.getByTestId('invite-role').selectOption('editor');
    await ada.page.getByTestId('invite-send').click();
    const inviteUrl = await ada.page.getByTestId('invite-url').inputValue();
    expect(inviteUrl).toMatch(/\/signup\?invite=/);
    await shot(ada.page, '04-share-dialog-invite');

    // Bea signs up with the invite (sign-up is invite-only) and finds the document shared with her.
    await bea.page.goto(inviteUrl);
    await bea.page.getByTestId('signup-form').waitFor();
    await shot(bea.page, '05-signup-invite');
    await signUpOrIn(bea.page, { name: 'Bea Beal', email: 'bea@example.com', password: 'bea password 1' });
    await bea.page.getByTestId('tab-shared').waitFor();
    await bea.page.getByTestId('tab-shared').click();
    await bea.page.locator('[data-testid=recent] a', { hasText: 'Plans' }).waitFor();
    await shot(bea.page, '06-home-shared-with-me');

    // They edit together.
    await bea.page.locator('[data-testid=recent] a', { hasText: 'Plans' }).click();
    await waitForStatus(bea.page, 'Saved');
    await expect.poll(() => editorText(bea.page), { timeout: 10_000 }).toContain('Hello from Ada.');
    await bea.page.locator('.ProseMirror').click();
    await bea.page.keyboard.press('Control+End');
    await bea.page.keyboard.type(' And Bea.');
    await expect.poll(() => editorText(ada.page), { timeout: 10_000 }).toContain('And Bea.');
    await ada.page.locator('.tandem-avatar[data-name="Bea Beal"]').waitFor({ timeout: 10_000 });

    // Ada turns link sharing on (view only); Cy, not signed in, opens the link read-only.
    await ada.page.getByTestId('link-role').selectOption('viewer');
    await ada.page.getByTestId('link-url').waitFor();
    const linkUrl = await ada.page.getByTestId('link-url').inputValue();
    await shot(ada.page, '07-share-dialog-link');
    await cy.page.goto(linkUrl);
    await cy.page.getByTestId('view-only').waitFor();
    await expect.poll(() => editorText(cy.page), { timeout: 10_000 }).toContain('And Bea.');
    expect(await cy.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    await shot(cy.page, '08-view-only');
    // Nothing Cy can do changes the text: typing, or writing over REST with the link.
    await cy.page.locator('.ProseMirror').click();
    await cy.page.keyboard.type('CY WAS HERE');
    const restStatus = await cy.page.evaluate(async ({ id, share }) => {
      const res = await fetch(`/api/docs/${encodeURIComponent(id)}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-tandem-share': share }, body: JSON.stringify({ title: 'CY' }) });
      return res.status;
    }, { id: docId, share: new URL(linkUrl).searchParams.get('share')! });
    expect(restStatus).toBe(403);

    // Rotating the link closes Cy's socket at once and the page says why.
    const t0 = Date.now();
    await ada.page.getByTestId('link-rotate').click();
    await cy.page.getByTestId('access-lost').waitFor({ state: 'visible', timeout: 5_000 });
    expect(Date.now() - t0).toBeLessThan(3_000);
    await shot(cy.page, '09-access-lost');

    // Ada makes Bea a viewer: Bea's page reconnects and shows View only.
    const beaRow = ada.page.getByTestId('role-bea@example.com');
    await beaRow.selectOption('viewer');
    await bea.page.getByTestId('view-only').waitFor({ timeout: 10_000 });
    await ada.page.getByTestId('share-dialog-close').click();
    await waitForStatus(ada.page, 'Saved');
    expect(await editorText(ada.page)).not.toContain('CY WAS HERE');
    expect(await ada.page.getByLabel('Document title').inputValue()).toBe('Plans');

    // A signed-in victim's browser on another origin cannot open the socket or change anything.
    const evil = await bea.context.newPage();
    await evil.route('http://evil.test/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }));
    await evil.goto('http://evil.test/');
    const attack = await evil.evaluate(async ({ base, id }) => {
      const socket = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/sync/${encodeURIComponent(id)}`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
      const rest = await fetch(`${base}/api/docs/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        credentials: 'include',
        mode: 'no-cors',
      }).then(
        (r) => r.type,
        () => 'failed',
      );
      return { socket, rest };
    }, { base: server.url, id: docId });
    expect(attack.socket).toBe('refused');
    await evil.close();
    expect((await server.store.info(docId)) !== null).toBe(true);
    expect((await fetch(`${server.url}/api/admin/docs`)).status).toBe(401);

    // The account menu and the admin page.
    await ada.page.goto(server.url);
    await ada.page.getByTestId('account-menu').click();
    await shot(ada.page, '10-account-menu');
    await ada.page.getByTestId('menu-admin').click();
    await ada.page.locator('[data-testid=admin-users] tr').nth(1).waitFor();
    await ada.page.locator('[data-testid=admin-docs] tr', { hasText: 'Plans' }).waitFor();
    await shot(ada.page, '11-admin');
    expect(await ada.page.locator('[data-testid=admin-docs] tr', { hasText: 'Plans' }).textContent()).toContain('ada@example.com');

    // The admin invites Dan to the server; Dan signs up and finds the document closed to him.
    await ada.page.getByTestId('admin-invite-email').fill('dan@example.com');
    await ada.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const danInvite = await ada.page.getByLabel('Invite link').inputValue();
    const dan = await newUser(browser, 'x');
    users.push(dan);
    await dan.page.goto(danInvite);
    await signUpOrIn(dan.page, { name: 'Dan', email: 'dan@example.com', password: 'dan password 1' });
    await dan.page.getByTestId('new-doc').waitFor();
    expect(await dan.page.locator('[data-testid=recent] a').count()).toBe(0);
    await dan.page.goto(docUrl);
    await dan.page.getByTestId('no-access').waitFor();
    expect(await dan.page.locator('.ProseMirror').count()).toBe(0);
    await shot(dan.page, '14-no-access');

    // Change password dialog.
    await ada.page.getByTestId('account-menu').click();
    await ada.page.getByTestId('menu-password').click();
    await ada.page.getByTestId('password-dialog').waitFor();
    await shot(ada.page, '12-change-password');
    await ada.page.getByTestId('password-current').fill('analytical engine');
    await ada.page.getByTestId('password-next').fill('difference engine');
    await ada.page.getByTestId('password-save').click();
    await ada.page.locator('.form-ok').waitFor();

    // Sign-in throttling: five wrong passwords, then even the right one waits.
    const eve = await newUser(browser, 'x');
    users.push(eve);
    await eve.page.goto(`${server.url}/signin`);
    for (let i = 0; i < 5; i++) {
      await signUpOrIn(eve.page, { email: 'ada@example.com', password: `wrong ${i} guess` });
      await expect.poll(() => eve.page.getByTestId('auth-error').textContent()).toMatch(/wrong email or password/);
      await eve.page.getByTestId('auth-error').evaluate((el) => (el.textContent = ''));
    }
    await signUpOrIn(eve.page, { email: 'ada@example.com', password: 'difference engine' });
    await expect.poll(() => eve.page.getByTestId('auth-error').textContent()).toMatch(/Too many failed sign-ins/);
    await shot(eve.page, '13-signin-throttled');

    // (the evil page is not ours: the test's own init script fails there)
    for (const u of users) expect(u.errors.filter((e) => !e.startsWith('http://evil.test'))).toEqual([]);
  });
});
