// @vitest-environment happy-dom
import { DOMSerializer } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { safeHref, schema } from './schema.js';
import { docFrom } from './test-view.js';

const serialize = (html: string) => {
  const div = document.createElement('div');
  div.append(DOMSerializer.fromSchema(schema).serializeFragment(docFrom(html).content));
  return div.innerHTML;
};

describe('schema', () => {
  it('has every block and mark the editor offers', () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        ...['blockquote', 'bullet_list', 'code_block', 'doc', 'hard_break', 'heading', 'horizontal_rule', 'list_item', 'ordered_list', 'paragraph', 'task_item', 'task_list', 'text'],
        ...['table', 'table_row', 'table_cell', 'table_header', 'image', 'attachment'],
      ].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual(['code', 'em', 'link', 'strike', 'strong', 'underline']);
  });

  it('round-trips every node and mark through HTML', () => {
    const html =
      '<h1>Title</h1><h2>Sub</h2><h3>Small</h3>' +
      '<p><strong>b</strong><em>i</em><u>u</u><s>s</s><code>c</code><a href="https://example.com" title="t" rel="noopener noreferrer nofollow" target="_blank">l</a>x<br>y</p>' +
      '<blockquote><p>q</p></blockquote><pre><code>let a = 1;\n  b</code></pre><hr>' +
      '<ul><li><p>one</p><ul><li><p>nested</p></li></ul></li></ul><ol start="3"><li><p>three</p></li></ol>' +
      '<ul data-task-list=""><li data-task-item="" data-checked="true"><p>done</p></li><li data-task-item="" data-checked="false"><p>todo</p></li></ul>';
    expect(serialize(html)).toBe(html);
  });

  it('keeps headings to three levels and reads b/i/del/strike tags', () => {
    expect(docFrom('<h5>deep</h5>').firstChild!.attrs.level).toBe(3);
    expect(serialize('<p><b>b</b><i>i</i><del>d</del></p>')).toBe('<p><strong>b</strong><em>i</em><s>d</s></p>');
  });

  it('refuses content that breaks the rules (a list item must start with a paragraph)', () => {
    expect(() => schema.nodes.list_item!.create(null, schema.nodes.heading!.create({ level: 1 })).check()).toThrow();
    expect(() => schema.nodes.task_list!.create(null, schema.nodes.list_item!.createAndFill()!).check()).toThrow();
  });

  it('never renders a script link', () => {
    expect(safeHref('javascript:alert(1)')).toBe('#');
    expect(safeHref(' JavaScript:alert(1)')).toBe('#');
    expect(safeHref('data:text/html,x')).toBe('#');
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('/d/abc')).toBe('/d/abc');
    expect(safeHref('example.com')).toBe('https://example.com');
    expect(serialize('<p><a href="javascript:alert(1)">x</a></p>')).toContain('href="#"');
  });
});
