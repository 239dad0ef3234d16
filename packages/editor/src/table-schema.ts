import type { NodeSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';

/**
 * Table nodes (prosemirror-tables): `table`, `table_row`, `table_cell`, `table_header`, with
 * `colspan`, `rowspan` and `colwidth` (column widths in pixels, set by dragging a column border).
 * Cells hold blocks, so a cell can have several paragraphs or a list.
 */
export const tableNodeSpecs: Record<string, NodeSpec> = tableNodes({
  tableGroup: 'block',
  cellContent: 'block+',
  cellAttributes: {},
});
