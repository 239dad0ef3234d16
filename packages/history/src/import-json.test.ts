import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fillFromProseMirrorJSON, ImportError, toProseMirrorJSON } from './index.js';

describe('ProseMirror JSON import', () => {
  it('round-trips headings, lists, marks, links and code blocks', () => {
    const json = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'plain ' },
            { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
            { type: 'text', text: ' link', marks: [{ type: 'link', attrs: { href: 'https://example.com' } }] },
          ],
        },
        {
          type: 'bullet_list',
          content: [{ type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'item' }] }] }],
        },
        { type: 'code_block', content: [{ type: 'text', text: 'let x = 1;' }] },
      ],
    };
    const doc = new Y.Doc();
    fillFromProseMirrorJSON(doc, json);
    expect(toProseMirrorJSON(doc)).toEqual(json);
  });

  it('refuses what is not ProseMirror JSON', () => {
    for (const bad of [null, 'x', { type: 'para' }, { type: 'doc', content: [{ type: 'text', text: 'x' }] }, { type: 'doc', content: [{ type: '<script>' }] }]) {
      expect(() => fillFromProseMirrorJSON(new Y.Doc(), bad)).toThrow(ImportError);
    }
  });
});
