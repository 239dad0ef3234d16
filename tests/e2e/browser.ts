import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Debian's Chromium, as CI installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags for a quiet headless run that reaches nothing but loopback. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots and other artifacts go (git-ignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-results');

/** Starts a real headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** A browser context (one user: own storage, IndexedDB and identity) whose pages record uncaught errors. */
export interface User {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions thrown in any of this user's pages. */
  errors: string[];
}

/** Opens a fresh context with one page and a remembered display name. */
export async function newUser(browser: Browser, name: string, viewport = { width: 1100, height: 760 }): Promise<User> {
  const context = await browser.newContext({ viewport });
  const errors: string[] = [];
  const watch = (page: Page) => page.on("pageerror", (err) => errors.push(`${page.url()}: ${err.message}${process.env.E2E_STACKS ? err.stack : ""}`));
  context.on('page', watch);
  await context.addInitScript((displayName) => {
    if (location.protocol !== 'http:') return;
    if (!localStorage.getItem('tandem.identity')) {
      localStorage.setItem('tandem.identity', JSON.stringify({ id: crypto.randomUUID(), name: displayName }));
    }
  }, name);
  const page = await context.newPage();
  return { context, page, errors };
}

/** The document's text as the user sees it, one line per text block, without others' cursor labels. */
/** Makes the first (admin) account on a fresh accounts-mode server from its setup page, and waits for the home page. */
export async function setUpFirstAdmin(page: Page, baseUrl: string, who = { name: 'Ada Admin', email: 'ada@example.com', password: 'analytical engine' }): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('setup-form').waitFor();
  await page.getByTestId('auth-name').fill(who.name);
  await page.getByTestId('auth-email').fill(who.email);
  await page.getByTestId('auth-password').fill(who.password);
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('new-doc').waitFor();
}

export function editorText(page: Page, root = '.ProseMirror'): Promise<string> {
  return page.locator(root).first().evaluate((el) => {
    const blocks = el.querySelectorAll('p, h1, h2, h3, pre');
    const text = (node: Node): string =>
      node instanceof HTMLElement && node.classList.contains('tandem-cursor')
        ? ''
        : node.nodeType === Node.TEXT_NODE
          ? (node.textContent ?? '')
          : [...node.childNodes].map(text).join('');
    return [...blocks].map((b) => text(b).replace(/\u2060/g, '')).join('\n');
  });
}

/** Waits until the editor's status line reads `text` (e.g. "Saved"). */
export async function waitForStatus(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await page.locator('.tandem-status').first().filter({ hasText: text }).waitFor({ timeout });
}

/** One new user per name, all opening `url` at once; resolves when every status reads "Saved". */
export async function openTogether(browser: Browser, url: string, names: string[]): Promise<User[]> {
  const users = await Promise.all(names.map((name) => newUser(browser, name)));
  await Promise.all(users.map((user) => user.page.goto(url)));
  await Promise.all(users.map((user) => waitForStatus(user.page, 'Saved')));
  return users;
}

/** A real server and Chromium for the tests of one describe block, started before and stopped after them. */
export function useServerAndBrowser(): { readonly server: TestServer; readonly browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startTestServer();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.dispose();
  });
  return env;
}

/** Pastes like a browser does: a paste event whose clipboard holds `data` (type -> text) and files. */
export async function paste(page: Page, data: Record<string, string>, files: { name: string; type: string; base64: string }[] = []) {
  await page.locator('.ProseMirror').evaluate(
    (el, { data, files }) => {
      const dt = new DataTransfer();
      for (const [type, value] of Object.entries(data)) dt.setData(type, value);
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    { data, files },
  );
}
