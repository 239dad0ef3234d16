import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { newUser, paste, type User, useServerAndBrowser, waitForStatus } from './browser.js';

/** Screenshots of the new screens, for people to look at. */
const SHOTS = process.env.RICH_SHOTS ?? join(import.meta.dirname, '..', '..', 'test-results');

/** Every cell's text, row by row, as a user sees the first table. */
function tableCells(page: Page): Promise<string[][]> {
  return page.locator('.ProseMirror table').first().evaluate((table) => {
    // without the others' cursor labels
    const text = (node: Node): string =>
      node instanceof HTMLElement && node.classList.contains('tandem-cursor') ? '' : node.nodeType === Node.TEXT_NODE ? (node.textContent ?? '') : [...node.childNodes].map(text).join('');
    return [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('td, th')].map((cell) => text(cell).replace(/\u2060/g, '').trim()));
  });
}

/** Drops files on the editor at its bottom, as dragging them from the desktop does. */
async function drop(page: Page, files: { name: string; type: string; base64: string }[]) {
  const box = (await page.locator('.ProseMirror').boundingBox())!;
  await page.locator('.ProseMirror').evaluate(
    (el, { files, x, y }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, clientX: x, clientY: y, bubbles: true, cancelable: true }));
    },
    { files, x: box.x + 20, y: box.y + box.height - 5 },
  );
}

const pngFile = async (name: string, color: string, width = 320, height = 180) => ({
  name,
  type: 'image/png',
  base64: (await sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer()).toString('base64'),
});

/** The images of the document that have loaded, with where they load from. */
function loadedImages(page: Page): Promise<{ src: string; width: number; state: string }[]> {
  return page.locator('.ProseMirror').evaluate((el) =>
    [...el.querySelectorAll<HTMLImageElement>('figure.tandem-image img')].map((img) => ({
      src: img.getAttribute('src') ?? '',
      width: img.complete ? img.naturalWidth : 0,
      state: (img.closest('figure') as HTMLElement).dataset.state ?? '',
    })),
  );
}

/** Waits until the page's service worker controls it (so the page and its files work offline). */
const swReady = (page: Page) =>
  page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
  });

describe('web app: tables, images and attachments in Chromium', () => {
  const env = useServerAndBrowser();
  const users: User[] = [];

  /** Ada and Bob on a new document `prefix-…`, both saved (and controlled by the service worker when `sw`). */
  async function adaAndBob(prefix: string, sw = false) {
    const docId = `${prefix}-${Date.now().toString(36)}`;
    const url = `${env.server.url}/d/${docId}`;
    const ada = await newUser(env.browser, 'Ada');
    const bob = await newUser(env.browser, 'Bob');
    users.push(ada, bob);
    await Promise.all([ada.page.goto(url), bob.page.goto(url)]);
    await Promise.all([...(sw ? [swReady(ada.page), swReady(bob.page)] : []), waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);
    return { docId, url, ada, bob };
  }

  it('pastes an HTML table, and two people edit it cell by cell and converge', { timeout: 90_000 }, async () => {
    const { url, ada, bob } = await adaAndBob('table');
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Scores');
    await ada.page.keyboard.press('Enter');
    // what a web page or a spreadsheet puts on the clipboard
    await paste(ada.page, {
      'text/html': '<meta charset="utf-8"><table><thead><tr><th>Name</th><th>Score</th></tr></thead><tbody><tr><td>Ada</td><td>10</td></tr><tr><td>Linus</td><td>7</td></tr></tbody></table>',
      'text/plain': 'Name\tScore\nAda\t10\nLinus\t7',
    });
    const pasted = [['Name', 'Score'], ['Ada', '10'], ['Linus', '7']];
    await expect.poll(() => tableCells(bob.page), { timeout: 10_000 }).toEqual(pasted);
    expect(await bob.page.locator('.ProseMirror th').count()).toBe(2);

    // at the same time: Ada edits the first body row, Bob the last one (Tab moves across cells)
    await ada.page.locator('.ProseMirror td', { hasText: '10' }).click();
    await ada.page.keyboard.press('End');
    await bob.page.locator('.ProseMirror td', { hasText: 'Linus' }).click();
    await bob.page.keyboard.press('End');
    await Promise.all([
      (async () => {
        await ada.page.keyboard.type('0');
        await ada.page.keyboard.press('Shift+Tab'); // selects the cell's text, as in other editors: typing replaces it
        await ada.page.keyboard.type('Ada L.');
      })(),
      (async () => {
        await bob.page.keyboard.type(' T.');
        await bob.page.keyboard.press('Tab');
        await bob.page.keyboard.type('75');
      })(),
    ]);
    const edited = [['Name', 'Score'], ['Ada L.', '100'], ['Linus T.', '75']];
    await expect.poll(() => tableCells(ada.page), { timeout: 10_000 }).toEqual(edited);
    await expect.poll(() => tableCells(bob.page), { timeout: 10_000 }).toEqual(edited);

    // Tab in the last cell adds a row; the toolbar adds a column; both show on the other side
    await bob.page.keyboard.press('Tab');
    await bob.page.keyboard.type('Grace');
    await ada.page.getByRole('button', { name: 'Add column right' }).click();
    // (right of Ada's cursor, which Shift-Tab left in the first column)
    await expect.poll(() => tableCells(ada.page), { timeout: 10_000 }).toEqual([['Name', '', 'Score'], ['Ada L.', '', '100'], ['Linus T.', '', '75'], ['Grace', '', '']]);
    await expect.poll(() => tableCells(bob.page), { timeout: 10_000 }).toEqual(await tableCells(ada.page));
    // a GFM table pasted as plain text becomes a table too
    await ada.page.keyboard.press('Control+End');
    await ada.page.locator('.ProseMirror > p').last().click();
    await paste(ada.page, { 'text/plain': '| Step | Owner |\n| --- | --- |\n| Draft | Ada |' });
    await expect.poll(() => bob.page.locator('.ProseMirror table').count(), { timeout: 10_000 }).toBe(2);
    await Promise.all([waitForStatus(ada.page, 'Saved'), waitForStatus(bob.page, 'Saved')]);
    await ada.page.locator('.ProseMirror td', { hasText: 'Grace' }).click();
    await ada.page.screenshot({ path: join(SHOTS, 'table-edit.png') });

    const md = await (await fetch(`${url.replace('/d/', '/api/docs/')}/export?format=md`)).text();
    expect(md).toContain('| Name |  | Score |\n| --- | --- | --- |\n| Ada L. |  | 100 |');
    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });

  it('pastes and drops images: uploaded, shown to the other person, and still shown after a reload offline', { timeout: 120_000 }, async () => {
    const { docId, ada, bob } = await adaAndBob('images', true);
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Screenshots');
    await paste(ada.page, {}, [await pngFile('blue.png', '#2255cc')]);
    await drop(ada.page, [await pngFile('green.png', '#22aa55', 200, 120)]);

    const stored = (list: { src: string; width: number }[]) => list.length === 2 && list.every((i) => i.src.includes(`/api/docs/${docId}/files/`) && i.width > 0);
    await expect.poll(() => loadedImages(bob.page), { timeout: 15_000 }).toSatisfy(stored);
    await expect.poll(() => loadedImages(ada.page), { timeout: 15_000 }).toSatisfy(stored);
    expect((await loadedImages(bob.page)).map((i) => i.width)).toEqual([320, 200]);
    // the server holds them as files of this document (the paste and the drop upload at once,
    // so either may be stored first)
    expect((await env.server.blobs.list(docId)).map((f) => [f.name, f.type]).sort()).toEqual([
      ['blue.png', 'image/png'],
      ['green.png', 'image/png'],
    ]);

    // alt text, caption and width, from the image's own form
    await ada.page.locator('figure.tandem-image img').first().click();
    const selected = ada.page.locator('figure.ProseMirror-selectednode');
    await selected.getByLabel('Alt text (describes the image)').fill('A blue rectangle');
    await selected.getByLabel('Alt text (describes the image)').press('Enter');
    await selected.getByLabel('Caption').fill('Figure 1: the blue one');
    await selected.getByLabel('Caption').press('Enter');
    await selected.getByRole('button', { name: 'M', exact: true }).click();
    await bob.page.locator('figcaption', { hasText: 'Figure 1: the blue one' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => bob.page.locator('figure.tandem-image img').first().evaluate((img) => (img as HTMLElement).style.width)).toBe('50%');
    expect(await bob.page.locator('figure.tandem-image img').first().getAttribute('alt')).toBe('A blue rectangle');
    expect(await bob.page.locator('figure.tandem-image img').first().getAttribute('loading')).toBe('lazy');
    await waitForStatus(bob.page, 'Saved');
    await ada.page.locator('figure.tandem-image img').first().click();
    await ada.page.screenshot({ path: join(SHOTS, 'images.png') });

    // the server goes away; Bob reloads and still sees both images (kept by the service worker)
    const { port, dataDir } = env.server;
    await env.server.close();
    await waitForStatus(bob.page, 'Offline');
    await bob.page.reload();
    await waitForStatus(bob.page, /Offline/);
    await expect.poll(() => loadedImages(bob.page), { timeout: 15_000 }).toSatisfy(stored);
    await bob.page.screenshot({ path: join(SHOTS, 'images-offline-reload.png') });
    Object.assign(env.server, await startTestServer({ PORT: String(port) }, dataDir));
    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });

  it('keeps an image pasted offline in the browser, through a reload, and uploads it once the server is back', { timeout: 120_000 }, async () => {
    const { docId, ada, bob } = await adaAndBob('offline-img', true);
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Offline photo');
    await waitForStatus(ada.page, 'Saved');

    const { port, dataDir } = env.server;
    await env.server.close();
    await waitForStatus(ada.page, 'Offline');
    await paste(ada.page, {}, [await pngFile('offline.png', '#cc3322', 240, 160)]);
    const local = (list: { src: string; width: number; state: string }[]) => list.length === 1 && list[0]!.src.startsWith('blob:') && list[0]!.width === 240 && list[0]!.state === 'uploading';
    await expect.poll(() => loadedImages(ada.page), { timeout: 10_000 }).toSatisfy(local);
    await ada.page.waitForTimeout(500); // y-indexeddb and the file queue write
    await ada.page.reload();
    await waitForStatus(ada.page, /Offline/);
    await expect.poll(() => loadedImages(ada.page), { timeout: 10_000 }).toSatisfy(local);
    await ada.page.screenshot({ path: join(SHOTS, 'image-offline-pending.png') });

    Object.assign(env.server, await startTestServer({ PORT: String(port) }, dataDir));
    const uploaded = (list: { src: string; width: number; state: string }[]) =>
      list.length === 1 && list[0]!.src.includes(`/api/docs/${docId}/files/`) && list[0]!.width === 240 && list[0]!.state === 'stored';
    await expect.poll(() => loadedImages(ada.page), { timeout: 30_000 }).toSatisfy(uploaded);
    await expect.poll(() => loadedImages(bob.page), { timeout: 30_000 }).toSatisfy(uploaded);
    expect((await env.server.blobs.list(docId)).map((f) => f.name)).toEqual(['offline.png']);
    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });

  it('attaches any file as a block with name, size and a download link', { timeout: 60_000 }, async () => {
    const { ada, bob } = await adaAndBob('attach');
    await ada.page.locator('.ProseMirror').click();
    await ada.page.keyboard.type('Data for the report');
    const csv = 'name,score\nAda,100\nLinus,75\n'.repeat(40);
    const chooser = ada.page.waitForEvent('filechooser');
    await ada.page.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'scores.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const link = bob.page.locator('.tandem-attachment a[href]', { hasText: 'scores.csv' });
    await link.waitFor({ timeout: 15_000 });
    expect(await bob.page.locator('.tandem-attachment-meta').textContent()).toBe('1.1 KB');
    const download = bob.page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('scores.csv');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync((await file.path())!, 'utf8')).toBe(csv);
    await bob.page.screenshot({ path: join(SHOTS, 'attachment.png') });
    for (const user of users) expect(user.errors, 'uncaught page errors').toEqual([]);
  });
});
