import { describe, expect, it } from 'vitest';
import { editorText, newUser, useServerAndBrowser, waitForStatus } from './browser.js';

describe('a version restore is an undo boundary', () => {
  const env = useServerAndBrowser();

  it('undo and redo after a restore lose no text, for either user', { timeout: 90_000 }, async () => {
    const docId = `restore-undo-${Date.now().toString(36)}`;
    const url = `${env.server.url}/d/${docId}`;
    const ada = await newUser(env.browser, 'Ada');
    const bob = await newUser(env.browser, 'Bob');
    await Promise.all([ada.page.goto(url), bob.page.goto(url)]);
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('First paragraph.');
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('Second paragraph.');
    await waitForStatus(ada.page, 'Saved');
    const named = await fetch(`${env.server.url}/api/docs/${docId}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Two paragraphs' }),
    });
    expect(named.status).toBe(201);
    const version = (await named.json()) as { id: string };
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.type('Third paragraph.');
    await waitForStatus(ada.page, 'Saved');
    await expect.poll(() => editorText(bob.page)).toBe('First paragraph.\nSecond paragraph.\nThird paragraph.');

    const restored = await fetch(`${env.server.url}/api/docs/${docId}/versions/${version.id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    const two = 'First paragraph.\nSecond paragraph.';
    await expect.poll(() => editorText(ada.page)).toBe(two);
    await expect.poll(() => editorText(bob.page)).toBe(two);

    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.press('Control+z');
    await ada.page.keyboard.press('Control+z');
    await ada.page.keyboard.press('Control+Shift+z');
    await ada.page.waitForTimeout(1000);
    await waitForStatus(ada.page, 'Saved');
    expect(await editorText(ada.page)).toBe(two);
    await expect.poll(() => editorText(bob.page)).toBe(two);

    // undo still works for what is typed after the restore
    await ada.page.keyboard.press('Control+End');
    await ada.page.keyboard.type(' More.');
    await expect.poll(() => editorText(bob.page)).toBe(`${two} More.`);
    await ada.page.keyboard.press('Control+z');
    await expect.poll(() => editorText(bob.page)).toBe(two);
    for (const user of [ada, bob]) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
