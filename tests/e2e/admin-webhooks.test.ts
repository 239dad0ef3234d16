import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ARTIFACTS, launchBrowser, newUser, setUpFirstAdmin } from './browser.js';

/** The admin page's Webhooks card, driven in Chromium against a real receiver. */
describe('admin page: webhooks', () => {
  let server: TestServer;
  let receiver: Server;
  let browser: Browser;
  const got: { headers: Record<string, string>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({ AUTH_MODE: 'accounts', WEBHOOK_ALLOW_PRIVATE: 'true' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await server?.dispose();
  });

  it('adds a receiver, shows its secret once, sends a signed test and lists the delivery', { timeout: 90_000 }, async () => {
    const { page, errors, context } = await newUser(browser, 'ignored', { width: 1100, height: 1400 });
    await setUpFirstAdmin(page, server.url);
    await page.goto(`${server.url}/admin`);
    await page.getByTestId('admin-webhooks').waitFor();

    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await page.getByTestId('webhook-url').fill(url);
    await page.getByRole('button', { name: 'Add receiver' }).click();
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.locator('[data-testid=webhooks] tr', { hasText: url }).waitFor();
    await page.locator('[data-testid=webhooks] button', { hasText: 'Send test' }).click();
    await page.locator('[data-testid=webhook-deliveries] tr', { hasText: 'Delivered (204)' }).waitFor();
    expect(got).toHaveLength(1);
    expect(new Webhook(secret).verify(got[0]!.body, got[0]!.headers)).toMatchObject({ type: 'webhook.test' });

    const dir = join(ARTIFACTS, 'screens');
    mkdirSync(dir, { recursive: true });
    await page.getByTestId('admin-webhooks').screenshot({ path: join(dir, 'admin-webhooks.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
