/// <reference lib="dom" />
import { chromium, type Browser, type Page } from 'playwright-core';
import { rendererCpu } from '../renderer-cpu.js';
import { fmt, type Metric, type Scenario } from '../scenario.js';

/** Debian's Chromium, as CI installs it (CHROMIUM_PATH overrides). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
/** The large document: 5,000 paragraphs of 200 characters (1 MB of text). */
const BLOCKS = 5000;
const WIDTH = 200;
/** BENCH_E1_FULL_RENDER=1: the large document with the web app's screen reader mode on (no viewport window). */
const FULL_RENDER = process.env.BENCH_E1_FULL_RENDER === '1';

/** The little of a ProseMirror view the page script uses (the bench does not depend on ProseMirror). */
interface PMView {
  state: {
    doc: { content: { size: number } };
    schema: { node(type: string, attrs: null, content: unknown): unknown; text(text: string): unknown };
    tr: { replaceWith(from: number, to: number, nodes: unknown[]): unknown };
  };
  dispatch(tr: unknown): void;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * Records, for every keydown, the time to the next animation frame and the time to that frame's
 * paint: a frame callback runs before the frame's style, layout and paint, a message posted from it
 * runs once they are done.
 */
const recordKeystrokes = () => {
  const w = window as unknown as { keyToFrame: number[]; keyToPaint: number[] };
  w.keyToFrame = [];
  w.keyToPaint = [];
  const afterPaint = new MessageChannel();
  const painted: number[] = [];
  afterPaint.port1.onmessage = () => w.keyToPaint.push(performance.now() - painted.shift()!);
  document.addEventListener(
    'keydown',
    (event: KeyboardEvent) => {
      const t0 = event.timeStamp;
      requestAnimationFrame(() => {
        w.keyToFrame.push(performance.now() - t0);
        painted.push(t0);
        afterPaint.port2.postMessage(null);
      });
    },
    true,
  );
};

/** What typing cost: keystroke-to-frame times, and the renderer's main-thread CPU per keystroke. */
interface Typing {
  keyToFrame: number[];
  keyToPaint: number[];
  cpuPerKey: number;
}

/** Types `count` characters in the middle of the document and measures them. */
async function typeAndMeasure(page: Page, count: number): Promise<Typing> {
  await page.evaluate(recordKeystrokes);
  // as a writer does: scroll to the middle, then click the first block on screen there (far
  // blocks of a large document are out of layout until the viewport window reaches them)
  await page.evaluate(() => window.scrollTo(0, (document.scrollingElement!.scrollHeight - window.innerHeight) / 2));
  await page.waitForTimeout(300);
  const index = await page.evaluate(() => Array.from(document.querySelectorAll('.ProseMirror > p')).findIndex((b) => b.getBoundingClientRect().top > 80));
  if (index < 0) throw new Error("E1: no block on screen to type in");
  await page.locator('.ProseMirror > p').nth(index).click();
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  const cpu = await rendererCpu(page);
  for (let i = 0; i < count; i++) {
    await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(200);
  const cpuMs = await cpu.stop();
  const { keyToFrame, keyToPaint } = await page.evaluate(() => {
    const w = window as unknown as { keyToFrame: number[]; keyToPaint: number[] };
    return { keyToFrame: w.keyToFrame, keyToPaint: w.keyToPaint };
  });
  return { keyToFrame, keyToPaint, cpuPerKey: cpuMs / count };
}

/** Fills the open document with BLOCKS paragraphs in one transaction and waits until the server holds them. */
async function fillLarge(page: Page): Promise<void> {
  await page.evaluate(
    ({ blocks, width }) => {
      const view = (window as unknown as { tandemEditor: { view: PMView } }).tandemEditor.view;
      const { schema } = view.state;
      const nodes = Array.from({ length: blocks }, (_, i) => schema.node('paragraph', null, schema.text(`Paragraph ${i}: `.padEnd(width, 'lorem ipsum '))));
      view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, nodes));
    },
    { blocks: BLOCKS, width: WIDTH },
  );
  await page.locator('.tandem-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 120_000 });
}

/** Opens the document in a fresh browser context and returns the time from navigation to all blocks on screen. */
async function firstRender(browser: Browser, url: string): Promise<{ page: Page; ms: number }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  if (FULL_RENDER) await page.addInitScript(() => localStorage.setItem('tandem.fullRender', 'on'));
  await page.addInitScript((blocks) => {
    const w = window as unknown as { firstRender?: number };
    const check = () => {
      const root = document.querySelector('.ProseMirror');
      if (root && root.childElementCount >= blocks) {
        requestAnimationFrame(() => (w.firstRender = performance.now()));
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, BLOCKS);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { firstRender?: number }).firstRender !== undefined, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => (window as unknown as { firstRender: number }).firstRender);
  return { page, ms };
}

/**
 * E1: the editor in a real Chromium, on the built web app. Keystroke to next frame in a small
 * document and in a 5,000-block (1 MB) one, the renderer's main-thread CPU time per keystroke
 * (which the load of a shared machine hardly moves), and the large document's first render
 * (navigation to every block on screen, loaded from the server).
 */
export const e1EditorTyping: Scenario = {
  id: 'E1',
  title: 'Editor in Chromium: keystroke to frame, small and 5,000-block documents',
  kinds: ['tandem'],
  once: true,
  optIn: true,
  async run(ctx) {
    const base = `http://127.0.0.1:${ctx.server.port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const keystrokes = ctx.quick ? 20 : 60;
    try {
      const small = await browser.newPage({ viewport: { width: 1100, height: 760 } });
      await small.goto(`${base}/d/bench-small-${Date.now().toString(36)}`);
      await small.locator('.ProseMirror').click();
      await small.keyboard.type('A small document. ');
      const smallTyping = await typeAndMeasure(small, keystrokes);
      const smallTimes = smallTyping.keyToFrame;
      ctx.log(`small document: keystroke to frame median ${fmt(median(smallTimes))} ms, to paint ${fmt(median(smallTyping.keyToPaint))} ms, main-thread CPU ${fmt(smallTyping.cpuPerKey)} ms a key`);

      const docUrl = `${base}/d/bench-large-${Date.now().toString(36)}`;
      const writer = await browser.newPage({ viewport: { width: 1100, height: 760 } });
      await writer.goto(docUrl);
      await writer.locator('.tandem-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
      await fillLarge(writer);
      await writer.close();

      const { page, ms } = await firstRender(browser, docUrl);
      ctx.log(`large document${FULL_RENDER ? ' (screen reader mode: no viewport window)' : ''}: first render ${fmt(ms, 0)} ms`);
      const largeTyping = await typeAndMeasure(page, keystrokes);
      const largeTimes = largeTyping.keyToFrame;
      ctx.log(`large document: keystroke to frame median ${fmt(median(largeTimes))} ms, to paint ${fmt(median(largeTyping.keyToPaint))} ms, main-thread CPU ${fmt(largeTyping.cpuPerKey)} ms a key`);
      const blocks = await page.evaluate(() => document.querySelector('.ProseMirror')!.childElementCount);
      if (blocks < BLOCKS) ctx.fail(`large document shows ${blocks} blocks, expected ${BLOCKS}`);
      return [
        { key: 'e1.small.keyToFrameMs', label: 'Small doc: keystroke to frame (median)', unit: 'ms', value: median(smallTimes), better: 'lower' },
        { key: 'e1.large.keyToFrameMs', label: '5,000 blocks: keystroke to frame (median)', unit: 'ms', value: median(largeTimes), better: 'lower' },
        { key: 'e1.small.keyToPaintMs', label: 'Small doc: keystroke to paint (median)', unit: 'ms', value: median(smallTyping.keyToPaint), better: 'lower' },
        { key: 'e1.large.keyToPaintMs', label: '5,000 blocks: keystroke to paint (median)', unit: 'ms', value: median(largeTyping.keyToPaint), better: 'lower' },
        { key: 'e1.small.cpuPerKeyMs', label: 'Small doc: renderer main-thread CPU per keystroke', unit: 'ms', value: smallTyping.cpuPerKey, better: 'lower' },
        { key: 'e1.large.cpuPerKeyMs', label: '5,000 blocks: renderer main-thread CPU per keystroke', unit: 'ms', value: largeTyping.cpuPerKey, better: 'lower' },
        { key: 'e1.large.firstRenderMs', label: '5,000 blocks: first render', unit: 'ms', value: ms, better: 'lower' },
      ] satisfies Metric[];
    } finally {
      await browser.close();
    }
  },
};
