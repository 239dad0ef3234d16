import type { Schema } from 'prosemirror-model';
import type { Command } from 'prosemirror-state';
import {
  addColumnAfter,
  addRowAfter,
  deleteColumn,
  deleteRow,
  deleteTable,
  isInTable,
  mergeCells,
  splitCell,
  toggleHeaderRow,
} from 'prosemirror-tables';
import { insertTable } from './tables.js';
import type { ToolbarItem } from './toolbar.js';

const svg = (body: string) => `<svg viewBox="0 0 24 24" aria-hidden="true">${body}</svg>`;
const TABLE_ICON = svg('<rect x="3" y="4" width="18" height="16" rx="1.5"/><path d="M3 10h18M3 15h18M9 4v16M15 4v16"/>');

/** Only inside a table: the command, unavailable elsewhere (its button is then hidden). */
const inTable = (command: Command): Command => (state, dispatch, view) => isInTable(state) && command(state, dispatch, view);

/**
 * The table group of the toolbar: insert a table, and (shown only while the cursor is in a
 * table) add/remove rows and columns, header row, merge/split cells, delete the table. Items
 * whose id starts with `table-` are hidden while unavailable.
 */
export function tableToolbarItems(schema: Schema): ToolbarItem[] {
  const text = (s: string) => `<span class="tandem-text-icon">${s}</span>`;
  return [
    { id: 'insert_table', label: 'Insert table', icon: TABLE_ICON, group: true, run: insertTable(schema) },
    { id: 'table-add-row', label: 'Add row below', icon: text('+ Row'), run: inTable(addRowAfter) },
    { id: 'table-add-column', label: 'Add column right', icon: text('+ Col'), run: inTable(addColumnAfter) },
    { id: 'table-delete-row', label: 'Delete row', icon: text('− Row'), run: inTable(deleteRow) },
    { id: 'table-delete-column', label: 'Delete column', icon: text('− Col'), run: inTable(deleteColumn) },
    { id: 'table-header-row', label: 'Header row', icon: text('Header'), run: inTable(toggleHeaderRow) },
    { id: 'table-merge', label: 'Merge cells', icon: text('Merge'), run: inTable(mergeCells) },
    { id: 'table-split', label: 'Split cell', icon: text('Split'), run: inTable(splitCell) },
    { id: 'table-delete', label: 'Delete table', icon: text('Delete table'), run: inTable(deleteTable) },
  ];
}
