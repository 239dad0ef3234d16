import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';
import { ARTIFACTS, editorText, launchBrowser, newUser, waitForStatus } from './browser.js';

const SHOTS = process.env.SHOTS_DIR ?? ARTIFACTS;

async function fillAuthForm(page: Page, fields: { name?: string; email: string; password: string }) {
  if (fields.name !== undefined) await page.getByTestId('auth-name').fill(fields.name);
  await page.getByTestId('auth-email').fill(fields.email);
  await page.getByTestId('auth-password').fill(fields.password);
  await page.getByTestId('auth-submit').click();
}

describe('an invite mailed from the share dialog, opened from the mail (Chromium, SMTP receiver)', () => {
  let smtp: SmtpReceiver;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    smtp = await startSmtpReceiver();
    server = await startTestServer({ AUTH_MODE: 'accounts', SMTP_URL: smtp.url });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await smtp?.close();
  });

  it('mails the invitee, whose link signs them up into the document', { timeout: 90_000 }, async () => {
    const ada = await newUser(browser, 'ignored');
    const bob = await newUser(browser, 'ignored');
    try {
      await ada.page.goto(server.url);
      await ada.page.getByTestId('setup-form').waitFor();
      await fillAuthForm(ada.page, { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical engine' });
      await ada.page.getByTestId('new-doc').click();
      await ada.page.waitForURL(/\/d\//);
      await waitForStatus(ada.page, 'Saved');
      await ada.page.locator('.ProseMirror').click();
      await ada.page.keyboard.type('Agenda for Monday.');
      await waitForStatus(ada.page, 'Saved');

      await ada.page.getByTestId('share').click();
      await ada.page.getByTestId('invite-email').fill('bob@example.com');
      await ada.page.getByTestId('invite-role').selectOption('editor');
      await ada.page.getByTestId('invite-send').click();
      await ada.page.getByTestId('invite-result').filter({ hasText: 'Invite mailed to bob@example.com.' }).waitFor();
      await ada.page.screenshot({ path: join(SHOTS, 'invite-mailed.png') });

      await waitFor(() => smtp.inbox.length === 1, 'the invite mail');
      const { to, mail } = smtp.inbox[0]!;
      expect(to).toEqual(['bob@example.com']);
      expect(mail.subject).toBe('Ada Lovelace shared a document with you on Tandem');
      const link = /(http:\/\/\S+\/signup\?invite=\S+)/.exec(mail.text ?? '')?.[1];
      expect(link).toBeDefined();

      // Bob clicks the link in the mail: the sign-up page, then the document shared with him
      await bob.page.goto(link!);
      await bob.page.getByTestId('signup-form').waitFor();
      await fillAuthForm(bob.page, { name: 'Bob', email: 'bob@example.com', password: 'bob password 1' });
      await bob.page.getByTestId('tab-shared').click();
      await bob.page.locator('[data-testid=recent] a').first().click();
      await waitForStatus(bob.page, 'Saved');
      await expect.poll(() => editorText(bob.page), { timeout: 10_000 }).toContain('Agenda for Monday.');
      expect(ada.errors.concat(bob.errors)).toEqual([]);
    } finally {
      await ada.context.close();
      await bob.context.close();
    }
  });
});
