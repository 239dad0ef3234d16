import { describe, expect, it } from 'vitest';
import { toHTML, toMarkdown, type PMNodeJSON } from './index.js';

const t = (text: string, ...marks: PMNodeJSON['marks'] & object) => (marks.length ? { type: 'text', text, marks } : { type: 'text', text });
const p = (...content: PMNodeJSON[]) => ({ type: 'paragraph', content });

const doc: PMNodeJSON = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [t('Plan <b>')] },
    p(t('plain '), t('bold', { type: 'strong' }), t(' and '), t('both', { type: 'strong' }, { type: 'em' }), t(' '), t('x*y', { type: 'code' })),
    p(t('see '), t('docs', { type: 'link', attrs: { href: 'https://example.com/a b' } }), t(' or '), t('bad', { type: 'link', attrs: { href: 'javascript:alert(1)' } })),
    { type: 'bullet_list', content: [{ type: 'list_item', content: [p(t('one')), { type: 'bullet_list', content: [{ type: 'list_item', content: [p(t('nested'))] }] }] }] },
    { type: 'ordered_list', attrs: { order: 3 }, content: [{ type: 'list_item', content: [p(t('third'))] }, { type: 'list_item', content: [p(t('fourth'))] }] },
    { type: 'task_list', content: [{ type: 'task_item', attrs: { checked: true }, content: [p(t('done'))] }] },
    { type: 'blockquote', content: [p(t('quoted'))] },
    { type: 'code_block', content: [t('const a = 1;\nconsole.log(a);')] },
    { type: 'horizontal_rule' },
    p(t('# not a heading'), { type: 'hard_break' }, t('line two')),
  ],
};

describe('export formats', () => {
  it('renders Markdown', () => {
    expect(toMarkdown(doc)).toBe(
      [
        '## Plan \\<b\\>',
        '',
        'plain **bold** and ***both*** `x*y`',
        '',
        'see [docs](https://example.com/a%20b) or [bad](#)',
        '',
        '- one',
        '',
        '  - nested',
        '',
        '3. third',
        '4. fourth',
        '',
        '- [x] done',
        '',
        '> quoted',
        '',
        '```',
        'const a = 1;',
        'console.log(a);',
        '```',
        '',
        '---',
        '',
        '\\# not a heading\\',
        'line two',
        '',
      ].join('\n'),
    );
  });

  it('renders escaped, safe HTML', () => {
    const html = toHTML(doc);
    expect(html).toContain('<h2>Plan &lt;b&gt;</h2>');
    expect(html).toContain('<strong><em>both</em></strong>');
    expect(html).toContain('<a href="https://example.com/a b">docs</a>');
    expect(html).toContain('<a href="#">bad</a>');
    expect(html).toContain('<ol start="3"><li><p>third</p></li><li><p>fourth</p></li></ol>');
    expect(html).toContain('<li data-task-item="" data-checked="true"><input type="checkbox" disabled checked><p>done</p></li>');
    expect(html).toContain('<pre><code>const a = 1;\nconsole.log(a);</code></pre>');
    expect(html).toContain('<p># not a heading<br>line two</p>');
  });
});
