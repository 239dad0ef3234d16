import { describe, expect, it } from 'vitest';
import { htmlToProseMirrorJSON, markdownToProseMirrorJSON, toHTML, toMarkdown, type PMNodeJSON } from './index.js';

const t = (text: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): PMNodeJSON =>
  marks.length ? { type: 'text', text, marks } : { type: 'text', text };
const p = (...content: PMNodeJSON[]): PMNodeJSON => ({ type: 'paragraph', content });
const item = (type: string, ...content: PMNodeJSON[]) => ({ type, content });

/** A document with every node and mark of the schema, in the attrs the schema gives them. */
const everything: PMNodeJSON = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [t('Title')] },
    { type: 'heading', attrs: { level: 3 }, content: [t('Sub')] },
    p(
      t('plain '),
      t('bold', { type: 'strong' }),
      t(' '),
      t('italic', { type: 'em' }),
      t(' '),
      t('under', { type: 'underline' }),
      t(' '),
      t('gone', { type: 'strike' }),
      t(' '),
      t('code', { type: 'code' }),
      t(' '),
      t('link', { type: 'link', attrs: { href: 'https://example.com/x', title: null } }),
    ),
    { type: 'bullet_list', content: [item('list_item', p(t('one')), { type: 'bullet_list', content: [item('list_item', p(t('nested')))] })] },
    { type: 'ordered_list', attrs: { order: 4 }, content: [item('list_item', p(t('four'))), item('list_item', p(t('five')))] },
    { type: 'task_list', content: [{ type: 'task_item', attrs: { checked: true }, content: [p(t('done'))] }, { type: 'task_item', attrs: { checked: false }, content: [p(t('todo'))] }] },
    { type: 'blockquote', content: [p(t('quoted'))] },
    { type: 'code_block', content: [t('let x = 1;\nx++;')] },
    { type: 'horizontal_rule' },
    p(t('line one'), { type: 'hard_break' }, t('line two')),
  ],
};

describe('Markdown and HTML import', () => {
  it('round-trips every node and mark through Markdown', () => {
    expect(markdownToProseMirrorJSON(toMarkdown(everything))).toEqual(everything);
  });

  it('round-trips every node and mark through HTML', async () => {
    expect(await htmlToProseMirrorJSON(toHTML(everything))).toEqual(everything);
  });

  it('reads ordinary Markdown and drops what the schema lacks', () => {
    const doc = markdownToProseMirrorJSON('#### Deep\n\n![img](x.png) text <script>alert(1)</script>\n\n[bad](javascript:alert(1))\n');
    expect(doc).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 3 }, content: [t('Deep')] },
        p(t('text alert(1)')), // the image is lifted out of the paragraph, then dropped: x.png is no stored file nor http(s)
        p(t('[bad](javascript:alert(1))')), // markdown-it refuses the link: it stays text
      ],
    });
  });

  it('reads pasted HTML and neutralises unsafe links', async () => {
    const doc = await htmlToProseMirrorJSON('<h2>Hi</h2><p>a <b>b</b> <a href="javascript:x()">c</a><img src=x onerror=alert(1)></p><script>bad()</script>');
    expect(doc).toEqual({
      type: 'doc',
      content: [{ type: 'heading', attrs: { level: 2 }, content: [t('Hi')] }, p(t('a '), t('b', { type: 'strong' }), t(' c'))],
    });
  });
});
