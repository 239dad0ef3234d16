import type { Page } from 'playwright-core';

/**
 * Replaces the open editor's document with `blocks` paragraphs of 200 characters
 * (`Paragraph <i>: lorem ipsum ...`) in one transaction: the large documents of the e2e tests.
 */
export async function fillParagraphs(page: Page, blocks: number): Promise<void> {
  await page.evaluate((count) => {
    type View = {
      state: { doc: { content: { size: number } }; schema: { node(t: string, a: null, c: unknown): unknown; text(t: string): unknown }; tr: { replaceWith(f: number, t: number, n: unknown[]): unknown } };
      dispatch(tr: unknown): void;
    };
    const view = (window as unknown as { tandemEditor: { view: View } }).tandemEditor.view;
    const { schema } = view.state;
    const nodes = Array.from({ length: count }, (_, i) => schema.node('paragraph', null, schema.text(`Paragraph ${i}: `.padEnd(200, 'lorem ipsum '))));
    view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, nodes));
  }, blocks);
}

/**
 * Whether the block at `index` (0-based) is laid out, as the browser computes it: far blocks of a
 * large document are `display: none`, a spacer in their place (the editor's viewport window).
 */
export const blockShown = (page: Page, index: number): Promise<boolean> =>
  page.locator('.ProseMirror > p').nth(index).evaluate((el) => getComputedStyle(el).display !== 'none');
