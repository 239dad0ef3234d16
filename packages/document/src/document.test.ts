import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CONTENT_FRAGMENT, getTitle, MAX_TITLE_CHARS, observeTitle, setTitle, TITLE_TEXT } from './index.js';
import { safeHref, schema } from './schema.js';

describe('@tandem/document', () => {
  it('builds and checks documents in plain Node, with no DOM', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const doc = schema.nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Plan' }] },
        { type: 'table', content: [{ type: 'table_row', content: [{ type: 'table_cell', content: [{ type: 'paragraph' }] }] }] },
        { type: 'image', attrs: { src: '/api/docs/a/files/b', alt: 'x' } },
      ],
    });
    doc.check();
    expect(doc.childCount).toBe(3);
  });

  it('depends on prosemirror-model and yjs only, and the formats entry on the Markdown parser', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest.peerDependencies!).sort()).toEqual(['prosemirror-model', 'yjs']);
    expect(Object.keys(manifest.dependencies!).sort()).toEqual(['markdown-it', 'prosemirror-markdown']);
  });

  it('keeps the title in its shared text, cut to its limit, and tells observers', () => {
    const doc = new Y.Doc();
    const seen: string[] = [];
    const stop = observeTitle(doc, (t) => seen.push(t));
    setTitle(doc, 'x'.repeat(MAX_TITLE_CHARS + 5));
    setTitle(doc, 'x'.repeat(MAX_TITLE_CHARS)); // unchanged: no event
    expect(getTitle(doc)).toHaveLength(MAX_TITLE_CHARS);
    expect(seen).toHaveLength(1);
    expect(doc.getText(TITLE_TEXT).toString()).toBe('x'.repeat(MAX_TITLE_CHARS));
    stop();
    expect(doc.getXmlFragment(CONTENT_FRAGMENT).length).toBe(0);
  });

  it('neutralises links that are not http(s), mailto or relative, and empty ones', () => {
    expect(safeHref('javascript:alert(1)')).toBe('#');
    expect(safeHref('')).toBe('#');
    expect(safeHref(42)).toBe('#');
    expect(safeHref('example.com')).toBe('https://example.com');
  });
});
