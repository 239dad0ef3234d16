import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CONTENT_FRAGMENT, META_MAP, TITLE_KEY } from '@tandem/document';
import { newUser, openTogether, type User, useServerAndBrowser, waitForStatus } from './browser.js';

const titleField = (page: Page) => page.getByLabel('Document title');
const caretOf = (page: Page) => titleField(page).evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd]);

describe('web app: the collaborative title in Chromium', () => {
  const env = useServerAndBrowser();
  const users: User[] = [];

  /** Ada and Bob on a new document, both connected, Bob's title typed as `title`, seen by Ada. */
  const twoWriters = async (prefix: string, title: string) => {
    const docId = `${prefix}-${Date.now().toString(36)}`;
    const [ada, bob] = (await openTogether(env.browser, `${env.server.url}/d/${docId}`, ['Ada Lovelace', 'Bob Kahn'])) as [User, User];
    users.push(ada, bob);
    await titleField(bob.page).fill(title);
    await expect.poll(() => titleField(ada.page).inputValue(), { timeout: 10_000 }).toBe(title);
    return { docId, ada, bob };
  };

  it('keeps what two people type in the title at once, and the caret of each in place', { timeout: 90_000 }, async () => {
    const { docId, ada, bob } = await twoWriters('title', 'Plan');

    // both type at the same time: Ada at the end, Bob at the start
    await titleField(ada.page).click();
    await ada.page.keyboard.press('End');
    await titleField(bob.page).click();
    await bob.page.keyboard.press('Home');
    await Promise.all([ada.page.keyboard.type(' for Q3', { delay: 40 }), bob.page.keyboard.type('Team ', { delay: 40 })]);
    for (const user of [ada, bob]) {
      await expect.poll(() => titleField(user.page).inputValue(), { timeout: 10_000 }).toBe('Team Plan for Q3');
    }
    // Ada's caret is still after her own text, Bob's after his
    expect(await caretOf(ada.page)).toEqual([16, 16]);
    expect(await caretOf(bob.page)).toEqual([5, 5]);

    // Bob types before Ada's caret: it moves with her word, and her next key lands where she was
    await ada.page.keyboard.press('ArrowLeft');
    await ada.page.keyboard.press('ArrowLeft'); // "Team Plan for |Q3"
    await bob.page.keyboard.type('A ');
    await expect.poll(() => titleField(ada.page).inputValue(), { timeout: 10_000 }).toBe('Team A Plan for Q3');
    expect(await caretOf(ada.page)).toEqual([16, 16]);
    await ada.page.keyboard.type('late ');
    for (const user of [ada, bob]) {
      await expect.poll(() => titleField(user.page).inputValue(), { timeout: 10_000 }).toBe('Team A Plan for late Q3');
    }
    expect(await caretOf(bob.page)).toEqual([7, 7]); // Ada typed after Bob's caret: it did not move
    await expect.poll(() => bob.page.title()).toBe('Team A Plan for late Q3 · Tandem');

    // the server and a reload see the same title
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);
    const content = await (await fetch(`${env.server.url}/api/docs/${docId}/content`)).json();
    expect(content.title).toBe('Team A Plan for late Q3');
    await bob.page.reload();
    await waitForStatus(bob.page, 'Saved');
    await expect.poll(() => titleField(bob.page).inputValue(), { timeout: 10_000 }).toBe('Team A Plan for late Q3');
    await expect.poll(() => bob.page.title(), { timeout: 10_000 }).toBe('Team A Plan for late Q3 · Tandem');
  });

  it('does not break an IME composition when someone else types in the title meanwhile', { timeout: 60_000 }, async () => {
    const { ada, bob } = await twoWriters('title-ime', 'Notes');

    await titleField(ada.page).click();
    await ada.page.keyboard.press('End');
    const cdp = await ada.context.newCDPSession(ada.page);
    await cdp.send('Input.imeSetComposition', { text: 'に', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 });
    // Bob types while Ada composes: her field keeps the composition untouched for now
    await titleField(bob.page).click();
    await bob.page.keyboard.press('Home');
    await bob.page.keyboard.type('My ');
    await bob.page.waitForTimeout(500);
    expect(await titleField(ada.page).inputValue()).toBe('Notesにほ');
    await cdp.send('Input.insertText', { text: '日本' }); // commits the composition
    for (const user of [ada, bob]) {
      await expect.poll(() => titleField(user.page).inputValue(), { timeout: 10_000 }).toBe('My Notes日本');
    }
    expect(await caretOf(ada.page)).toEqual([10, 10]); // after the composed text
  });

  it('opens a document whose title is only in the legacy meta map, and renames and edits it', { timeout: 60_000 }, async () => {
    const docId = `title-legacy-${Date.now().toString(36)}`;
    // the state an older Tandem stored: the title as a plain string in the meta map
    await env.server.sync.change(docId, (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Kept body')]);
      doc.getXmlFragment(CONTENT_FRAGMENT).push([p]);
      doc.getMap(META_MAP).set(TITLE_KEY, 'Legacy plan');
    });
    await env.server.sync.flush();
    const cy = await newUser(env.browser, 'Cy Young');
    users.push(cy);
    await cy.page.goto(`${env.server.url}/d/${docId}`);
    await waitForStatus(cy.page, 'Saved');
    // the field shows the title once the document has loaded (the status may say Saved a frame earlier)
    await expect.poll(() => titleField(cy.page).inputValue(), { timeout: 10_000 }).toBe('Legacy plan');
    await expect.poll(() => cy.page.title(), { timeout: 10_000 }).toBe('Legacy plan · Tandem');

    const renamed = await fetch(`${env.server.url}/api/docs/${docId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Legacy plan, renamed' }),
    });
    expect(renamed.status).toBe(200);
    await expect.poll(() => titleField(cy.page).inputValue(), { timeout: 10_000 }).toBe('Legacy plan, renamed');

    await titleField(cy.page).click();
    await cy.page.keyboard.press('Home');
    await cy.page.keyboard.type('Old ');
    await waitForStatus(cy.page, 'Saved');
    await expect
      .poll(async () => (await (await fetch(`${env.server.url}/api/docs/${docId}/content`)).json()).title, { timeout: 10_000 })
      .toBe('Old Legacy plan, renamed');
    const stored = (await env.server.sync.snapshot(docId))!;
    expect(stored.getMap(META_MAP).has(TITLE_KEY)).toBe(false); // migrated: only the shared text holds it
    expect(stored.getText('title').toString()).toBe('Old Legacy plan, renamed');
    stored.destroy();
  });

  it('migrates a legacy title two people start typing in at once without doubling it', { timeout: 60_000 }, async () => {
    const docId = `title-legacy2-${Date.now().toString(36)}`;
    await env.server.sync.change(docId, (doc) => doc.getMap(META_MAP).set(TITLE_KEY, 'Budget'));
    await env.server.sync.flush();
    const [ada, bob] = (await openTogether(env.browser, `${env.server.url}/d/${docId}`, ['Ada Lovelace', 'Bob Kahn'])) as [User, User];
    users.push(ada, bob);
    await titleField(ada.page).click();
    await ada.page.keyboard.press('End');
    await titleField(bob.page).click();
    await bob.page.keyboard.press('Home');
    // each browser migrates the legacy title on its first key; Bob is offline meanwhile, so
    // neither has seen the other's migration
    const bobSocket = (connect: boolean) =>
      bob.page.evaluate((on) => {
        const { provider } = (window as unknown as { tandemEditor: { provider: { connect(): void; disconnect(): void } } }).tandemEditor;
        if (on) provider.connect();
        else provider.disconnect();
      }, connect);
    await bobSocket(false);
    await Promise.all([ada.page.keyboard.type(' 2027', { delay: 30 }), bob.page.keyboard.type('Draft ', { delay: 30 })]);
    await expect.poll(() => titleField(ada.page).inputValue(), { timeout: 10_000 }).toBe('Budget 2027');
    expect(await titleField(bob.page).inputValue()).toBe('Draft Budget');
    await bobSocket(true);
    for (const user of [ada, bob]) {
      await expect.poll(() => titleField(user.page).inputValue(), { timeout: 10_000 }).toBe('Draft Budget 2027');
    }
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);
    const stored = (await env.server.sync.snapshot(docId))!;
    expect(stored.getText('title').toString()).toBe('Draft Budget 2027');
    expect(stored.getMap(META_MAP).has(TITLE_KEY)).toBe(false);
    stored.destroy();
  });

  it('throws no page errors', () => {
    expect(users.flatMap((u) => u.errors)).toEqual([]);
  });
});
