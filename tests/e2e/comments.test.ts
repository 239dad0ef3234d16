import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Person } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';
import { ARTIFACTS, editorText, launchBrowser, newUser, type User, waitForStatus } from './browser.js';

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `comments-${name}.png`) });

/** Signs `person` in over REST and gives a new browser user their session cookie. */
async function browserFor(browser: Browser, server: TestServer, person: Person, name: string, viewport?: { width: number; height: number }): Promise<User> {
  const user = await newUser(browser, name, viewport);
  await user.context.addCookies([{ name: 'tandem_session', value: person.cookie.split('=')[1]!, url: server.url }]);
  return user;
}

/** Selects the first occurrence of `word` in the page's editor, as a mouse drag would (a DOM selection). */
async function selectWord(page: Page, word: string): Promise<void> {
  await page.evaluate((w) => {
    const root = document.querySelector('.ProseMirror')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = node.textContent!.indexOf(w);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + w.length);
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error(`no ${w} in the editor`);
  }, word);
}

/** Puts the editor's cursor right before or after the first `word` (then the keyboard types there). */
async function caretAt(page: Page, word: string, where: 'before' | 'after'): Promise<void> {
  await page.locator('.ProseMirror').focus();
  await page.evaluate(
    ([w, side]) => {
      const view = (window as unknown as { tandemEditor: { view: any } }).tandemEditor.view;
      let pos = -1;
      view.state.doc.descendants((node: any, p: number) => {
        const i = node.isText ? node.text.indexOf(w) : -1;
        if (i >= 0 && pos < 0) pos = p + i + (side === 'after' ? w.length : 0);
      });
      const Selection = view.state.selection.constructor;
      view.dispatch(view.state.tr.setSelection(Selection.create(view.state.doc, pos)));
    },
    [word, where] as const,
  );
}

/** The text of the highlight of each thread in the page's editor. */
const highlighted = (page: Page) => page.locator('.ProseMirror .tandem-comment').allTextContents();

describe('comments: an editor, a commenter and a viewer review one document', () => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-comments-e2e-'));
  let browser: Browser;
  const people = {} as Record<'owner' | 'editor' | 'commenter' | 'viewer', Person>;
  let docId = '';
  let ed: User;
  let cat: User;
  let vic: User;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    env = { AUTH_MODE: 'accounts', SMTP_URL: smtp.url, MAIL_FROM: 'Tandem <docs@example.com>' };
    server = await startTestServer(env, dataDir);
    browser = await launchBrowser();
    people.owner = new Person(server.url, 'olga@example.com');
    await people.owner.setup('Olga');
    await people.owner.api('PUT', '/api/admin/settings', { signup: 'open' });
    docId = await people.owner.createDoc('Launch plan');
    const names = { editor: 'Ed', commenter: 'Cat', viewer: 'Vic' } as const;
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const p = new Person(server.url, `${names[role].toLowerCase()}@example.com`);
      await p.api('POST', '/api/auth/signup', { email: p.email, password: p.password, name: names[role] });
      await people.owner.api('POST', `/api/docs/${docId}/access/members`, { email: p.email, role });
      people[role] = p;
    }
    ed = await browserFor(browser, server, people.editor, 'Ed', { width: 1440, height: 900 });
    cat = await browserFor(browser, server, people.commenter, 'Cat', { width: 1440, height: 900 });
    vic = await browserFor(browser, server, people.viewer, 'Vic', { width: 390, height: 844 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await smtp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('anchors a comment to a word that follows the editor typing around it', { timeout: 90_000 }, async () => {
    const url = `${server.url}/d/${docId}`;
    await ed.page.goto(url);
    await ed.page.locator('.ProseMirror').click();
    await ed.page.keyboard.type('The quick brown fox jumps over the lazy dog.');
    await waitForStatus(ed.page, 'Saved');
    await cat.page.goto(url);
    await expect.poll(() => editorText(cat.page), { timeout: 10_000 }).toBe('The quick brown fox jumps over the lazy dog.');
    await waitForStatus(cat.page, 'View only');

    // the commenter selects a word in the read-only text: the bubble offers a comment
    await selectWord(cat.page, 'brown');
    await cat.page.getByTestId('comment-bubble').waitFor();
    await cat.page.getByTestId('comment-bubble').click();
    await cat.page.getByTestId('comment-input').fill('Which brown? Say the exact colour.');
    await cat.page.getByTestId('comment-submit').click();
    await expect.poll(() => highlighted(cat.page)).toEqual(['brown']);
    // it reaches the editor at once, with the author the server stamped
    await expect.poll(() => highlighted(ed.page), { timeout: 10_000 }).toEqual(['brown']);
    const thread = ed.page.getByTestId('thread').first();
    expect(await thread.getByTestId('comment-author').first().textContent()).toBe('Cat');

    // the editor types right before and right after the word, and a line above it
    await caretAt(ed.page, 'brown', 'before');
    await ed.page.keyboard.type('very ');
    await caretAt(ed.page, 'brown', 'after');
    await ed.page.keyboard.type(', reddish');
    await ed.page.keyboard.press('Control+Home');
    await ed.page.keyboard.type('Summary');
    await ed.page.keyboard.press('Enter');
    await expect.poll(() => editorText(cat.page), { timeout: 10_000 }).toBe('Summary\nThe quick very brown, reddish fox jumps over the lazy dog.');
    await expect.poll(() => highlighted(cat.page)).toEqual(['brown']);
    await expect.poll(() => highlighted(ed.page)).toEqual(['brown']);
    await shot(ed.page, 'desktop-margin');
  });

  it('replies, resolves and reopens, live for everyone', { timeout: 60_000 }, async () => {
    await ed.page.locator('.ProseMirror .tandem-comment').first().click();
    const thread = ed.page.getByTestId('thread').first();
    await thread.getByTestId('reply-input').fill('Chestnut brown, as in the brand guide.');
    await thread.getByTestId('reply-send').click();
    const catThread = cat.page.getByTestId('thread').first();
    await expect.poll(() => catThread.getByTestId('comment').count(), { timeout: 10_000 }).toBe(2);
    await catThread.getByTestId('thread-resolve').click();
    // resolved threads leave the margin and the highlight goes, unless "show resolved" is on
    await expect.poll(() => ed.page.getByTestId('thread').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => highlighted(ed.page)).toEqual([]);
    await ed.page.getByTestId('show-resolved').check();
    await expect.poll(() => ed.page.getByTestId('resolved-badge').textContent()).toBe('Resolved by Cat');
    await ed.page.getByTestId('thread-reopen').click();
    await expect.poll(() => cat.page.getByTestId('thread').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => highlighted(cat.page)).toEqual(['brown']);
    const listed = await people.viewer.api('GET', `/api/docs/${docId}/comments`);
    expect(listed.json.threads[0]).toMatchObject({ resolved: false, quote: 'brown', comments: [{ author: { name: 'Cat' } }, { author: { name: 'Ed' } }] });
  });

  it('keeps the commenter from changing the text through the UI and REST', { timeout: 60_000 }, async () => {
    await cat.page.locator('.ProseMirror').click();
    await cat.page.keyboard.type('COMMENTER WAS HERE');
    expect(await cat.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    expect(await cat.page.locator('.doc-title-input').getAttribute('readonly')).not.toBeNull();
    await cat.page.waitForTimeout(500);
    expect(await editorText(ed.page)).toBe('Summary\nThe quick very brown, reddish fox jumps over the lazy dog.');
    expect((await people.commenter.api('PATCH', `/api/docs/${docId}`, { title: 'Hijacked' })).status).toBe(403);
    expect((await people.commenter.api('POST', `/api/docs/${docId}/versions/1/restore`)).status).toBe(403);
  });

  it('lets the viewer read the discussion on a phone, and nothing more', { timeout: 60_000 }, async () => {
    await vic.page.goto(`${server.url}/d/${docId}`);
    await waitForStatus(vic.page, 'View only');
    await expect.poll(() => highlighted(vic.page), { timeout: 10_000 }).toEqual(['brown']);
    expect(await vic.page.getByTestId('toolbar-comment').count()).toBe(0);
    await selectWord(vic.page, 'lazy');
    await vic.page.waitForTimeout(300);
    expect(await vic.page.getByTestId('comment-bubble').count()).toBe(0);
    await vic.page.locator('.ProseMirror .tandem-comment').first().click();
    await vic.page.getByTestId('comments-column').locator('.thread').first().waitFor();
    expect(await vic.page.getByTestId('reply-input').count()).toBe(0);
    expect(await vic.page.getByTestId('thread-resolve').count()).toBe(0);
    await shot(vic.page, 'phone-panel');
    const refused = await people.viewer.api('POST', `/api/docs/${docId}/comments`, { id: 'viewer-thread-1', body: 'let me in' });
    expect(refused.status).toBe(403);
  });

  it('suggests people on @, and the mention reaches them in the app and by mail', { timeout: 60_000 }, async () => {
    const thread = cat.page.getByTestId('thread').first();
    await thread.click();
    const reply = thread.getByTestId('reply-input');
    await reply.click();
    await reply.pressSequentially('Agreed, @E');
    await cat.page.getByTestId('mention-option').first().waitFor();
    expect(await cat.page.getByTestId('mention-option').allTextContents()).toEqual(['EEd']);
    await shot(cat.page, 'mention-suggestions');
    await reply.press('Enter');
    await reply.pressSequentially('please update the guide.');
    expect(await reply.inputValue()).toBe('Agreed, @Ed please update the guide.');
    await thread.getByTestId('reply-send').click();
    await expect.poll(() => ed.page.locator('.mention').allTextContents(), { timeout: 10_000 }).toEqual(['@Ed']);
    await expect.poll(() => smtp.inbox.length, { timeout: 10_000 }).toBe(1);
    expect(smtp.inbox[0]!.to).toEqual(['ed@example.com']);
    expect(smtp.inbox[0]!.mail.subject).toBe('Cat mentioned you in “Launch plan”');
    // Ed's bell counts it; the list opens the thread
    await ed.page.reload();
    await expect.poll(() => ed.page.getByTestId('notifications-unread').textContent(), { timeout: 10_000 }).toBe('1');
    await ed.page.getByTestId('notifications-button').click();
    await ed.page.getByTestId('notification').first().waitFor();
    expect(await ed.page.getByTestId('notification').first().textContent()).toContain('Cat mentioned you');
    await shot(ed.page, 'notifications');
    await ed.page.getByTestId('notification').first().locator('button').click();
    await expect.poll(() => ed.page.getByTestId('notifications-unread').textContent(), { timeout: 10_000 }).toBe('');
    await expect.poll(() => ed.page.locator('.thread.is-active').count()).toBe(1);
  });

  it('keeps a comment made offline and delivers it once the server is back', { timeout: 120_000 }, async () => {
    await cat.page.goto(`${server.url}/d/${docId}`);
    await waitForStatus(cat.page, 'View only');
    await expect.poll(() => highlighted(cat.page), { timeout: 10_000 }).toEqual(['brown']);
    const port = server.port;
    await server.close();
    await waitForStatus(cat.page, /Offline/);
    await selectWord(cat.page, 'lazy');
    await cat.page.keyboard.press('Control+Alt+m');
    await cat.page.getByTestId('comment-input').fill('Written offline: is the dog really lazy?');
    await cat.page.getByTestId('comment-submit').click();
    await expect.poll(() => highlighted(cat.page)).toEqual(['brown', 'lazy']);
    expect(await cat.page.locator('.thread.is-pending').count()).toBe(1);
    // through a reload while the server is down: the outbox is kept on the device
    await cat.page.waitForTimeout(300);
    await cat.page.reload().catch(() => {});
    await cat.page.waitForTimeout(1500);
    server = await startTestServer({ ...env, PORT: String(port) }, dataDir);
    await expect.poll(async () => (await people.viewer.api('GET', `/api/docs/${docId}/comments`)).json?.threads?.length, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => highlighted(ed.page), { timeout: 20_000 }).toEqual(['brown', 'lazy']);
    await expect.poll(() => cat.page.locator('.thread.is-pending').count(), { timeout: 20_000 }).toBe(0);
    const listed = (await people.viewer.api('GET', `/api/docs/${docId}/comments`)).json.threads;
    expect(listed[1]).toMatchObject({ quote: 'lazy', author: { name: 'Cat' }, comments: [{ body: 'Written offline: is the dog really lazy?' }] });
    for (const user of [ed, cat, vic]) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
