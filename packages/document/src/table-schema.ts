import type { Attrs, DOMOutputSpec, Node, NodeSpec } from 'prosemirror-model';

/*
 * The table nodes prosemirror-tables' `tableNodes({ tableGroup: 'block', cellContent: 'block+' })`
 * makes, written out here so the document contract needs prosemirror-model only (prosemirror-tables
 * pulls in prosemirror-view, a DOM library). packages/editor's table tests check that both agree.
 * Adapted from prosemirror-tables (MIT, Marijn Haverbeke and contributors).
 */

/** What the cell parse rule reads of an element (declared here so the schema runs on a server). */
interface CellElement {
  getAttribute(name: string): string | null;
}

function getCellAttrs(dom: CellElement | string): Attrs {
  if (typeof dom === 'string') return {};
  const widthAttr = dom.getAttribute('data-colwidth');
  const widths = widthAttr && /^\d+(,\d+)*$/.test(widthAttr) ? widthAttr.split(',').map((s) => Number(s)) : null;
  const colspan = Number(dom.getAttribute('colspan') || 1);
  return { colspan, rowspan: Number(dom.getAttribute('rowspan') || 1), colwidth: widths && widths.length === colspan ? widths : null };
}

function setCellAttrs(node: Node): Record<string, string | number> {
  const attrs: Record<string, string | number> = {};
  if (node.attrs.colspan !== 1) attrs.colspan = node.attrs.colspan as number;
  if (node.attrs.rowspan !== 1) attrs.rowspan = node.attrs.rowspan as number;
  if (node.attrs.colwidth) attrs['data-colwidth'] = (node.attrs.colwidth as number[]).join(',');
  return attrs;
}

function validateColwidth(value: unknown): void {
  if (value === null) return;
  if (!Array.isArray(value)) throw new TypeError('colwidth must be null or an array');
  for (const item of value) if (typeof item !== 'number') throw new TypeError('colwidth must be null or an array of numbers');
}

const cellAttrs = {
  colspan: { default: 1, validate: 'number' },
  rowspan: { default: 1, validate: 'number' },
  colwidth: { default: null, validate: validateColwidth },
};

const cell = (tag: 'td' | 'th', tableRole: string): NodeSpec => ({
  content: 'block+',
  attrs: cellAttrs,
  tableRole,
  isolating: true,
  parseDOM: [{ tag, getAttrs: (dom) => getCellAttrs(dom as unknown as CellElement) }],
  toDOM: (node): DOMOutputSpec => [tag, setCellAttrs(node), 0],
});

/**
 * Table nodes: `table`, `table_row`, `table_cell`, `table_header`, with `colspan`, `rowspan` and
 * `colwidth` (column widths in pixels, set by dragging a column border). Cells hold blocks, so a
 * cell can have several paragraphs or a list. The `tableRole`s are what prosemirror-tables'
 * editing commands look for.
 */
export const tableNodeSpecs: Record<string, NodeSpec> = {
  table: { content: 'table_row+', tableRole: 'table', isolating: true, group: 'block', parseDOM: [{ tag: 'table' }], toDOM: () => ['table', ['tbody', 0]] },
  table_row: { content: '(table_cell | table_header)*', tableRole: 'row', parseDOM: [{ tag: 'tr' }], toDOM: () => ['tr', 0] },
  table_cell: cell('td', 'cell'),
  table_header: cell('th', 'header_cell'),
};
