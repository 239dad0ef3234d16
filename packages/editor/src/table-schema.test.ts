// @vitest-environment happy-dom
import { tableNodeSpecs } from '@tandem/document/schema';
import { DOMParser as PMDOMParser, DOMSerializer, Schema } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';
import { describe, expect, it } from 'vitest';

// @tandem/document writes the table nodes out by hand (no prosemirror-tables, so no DOM library
// in the document contract). These tests hold it to what prosemirror-tables itself would make.
const fromLibrary = tableNodes({ tableGroup: 'block', cellContent: 'block+', cellAttributes: {} });
const base = { doc: { content: 'block+' }, paragraph: { content: 'text*', group: 'block', parseDOM: [{ tag: 'p' }], toDOM: () => ['p', 0] as const }, text: {} };
const ours = new Schema({ nodes: { ...base, ...tableNodeSpecs } });
const theirs = new Schema({ nodes: { ...base, ...fromLibrary } });

const roundTrip = (schema: Schema, html: string) => {
  const div = document.createElement('div');
  div.innerHTML = html;
  const doc = PMDOMParser.fromSchema(schema).parse(div);
  const out = document.createElement('div');
  out.append(DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
  return { json: doc.toJSON() as unknown, html: out.innerHTML };
};

describe('the document contract\'s table nodes', () => {
  it('have the same names, content, groups, roles and attributes as prosemirror-tables makes', () => {
    for (const name of Object.keys(fromLibrary)) {
      const a = ours.nodes[name]!;
      const b = theirs.nodes[name]!;
      expect(a.spec.content).toBe(b.spec.content);
      expect(a.spec.group).toBe(b.spec.group);
      expect(a.spec.tableRole).toBe(b.spec.tableRole);
      expect(a.spec.isolating).toBe(b.spec.isolating);
      expect(Object.keys(a.spec.attrs ?? {})).toEqual(Object.keys(b.spec.attrs ?? {}));
    }
    expect(Object.keys(tableNodeSpecs).sort()).toEqual(Object.keys(fromLibrary).sort());
  });

  it('parse and render tables the same way, spans and column widths included', () => {
    const html =
      '<table><tbody><tr><th colspan="2" data-colwidth="100,120"><p>head</p></th></tr>' +
      '<tr><td rowspan="2"><p>a</p></td><td data-colwidth="80"><p>b</p></td></tr><tr><td data-colwidth="1,2"><p>c</p></td></tr></tbody></table>';
    const a = roundTrip(ours, html);
    expect(a).toEqual(roundTrip(theirs, html));
    expect(a.html).toContain('colspan="2" data-colwidth="100,120"');
    expect(a.html).not.toContain('data-colwidth="1,2"'); // widths that do not match the span are dropped
  });

  it('refuse a column width that is not a list of numbers', () => {
    expect(() => ours.nodes.table_cell!.create({ colwidth: 'wide' })).toThrow(TypeError);
    expect(() => ours.nodes.table_cell!.create({ colwidth: ['1'] })).toThrow(TypeError);
    expect(() => theirs.nodes.table_cell!.create({ colwidth: 'wide' })).toThrow(TypeError);
  });
});
