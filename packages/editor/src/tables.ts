import { chainCommands } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { Fragment, type Node, type Schema, Slice } from 'prosemirror-model';
import { type Command, Plugin, TextSelection } from 'prosemirror-state';
import { addRowAfter, columnResizing, goToNextCell, isInTable, tableEditing } from 'prosemirror-tables';

/** Splits one GFM table line into its cells (`| a | b \| c |` -> `a`, `b | c`). */
function splitRow(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

const DELIMITER = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/**
 * Rows of a GitHub-flavoured Markdown table (header first), or null when `text` is not one:
 * a header line, a delimiter line (`| --- | :-: |`) with as many cells, then body lines.
 */
export function parseGfmTable(text: string): string[][] | null {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  if (lines.length < 2 || !lines[0]!.includes('|') || !DELIMITER.test(lines[1]!)) return null;
  const header = splitRow(lines[0]!);
  if (splitRow(lines[1]!).length !== header.length) return null;
  const rows = [header];
  for (const line of lines.slice(2)) {
    if (!line.trim()) break;
    const cells = splitRow(line);
    rows.push(Array.from({ length: header.length }, (_, i) => cells[i] ?? ''));
  }
  return rows;
}

/** A table node of `schema` holding `rows` of plain text; the first row as header cells when `header`. */
export function tableFromRows(schema: Schema, rows: string[][], header = true): Node {
  const n = schema.nodes;
  const cell = (text: string, type = n.table_cell!) => type.create(null, n.paragraph!.create(null, text ? schema.text(text) : null));
  return n.table!.create(
    null,
    rows.map((row, r) => n.table_row!.create(null, row.map((text) => cell(text, header && r === 0 ? n.table_header! : n.table_cell!)))),
  );
}

/** Inserts an empty table (`rows` x `cols`, the first row a header row) after the selection's block, the cursor in its first cell. */
export function insertTable(schema: Schema, rows = 3, cols = 3): Command {
  return (state, dispatch) => {
    if (isInTable(state)) return false;
    const table = tableFromRows(schema, Array.from({ length: rows }, () => Array.from({ length: cols }, () => '')));
    const $from = state.selection.$from;
    const at = $from.depth > 0 ? $from.after(1) : $from.pos;
    if (dispatch) {
      const tr = state.tr.insert(at, table);
      dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(at + 4))).scrollIntoView());
    }
    return true;
  };
}

/** Tab in the last cell adds a row and moves into it (as in other document editors). */
const addRowAndGo: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  if (!dispatch) return true;
  let next = state;
  addRowAfter(state, (tr) => {
    next = state.apply(tr);
    dispatch(tr);
  });
  return goToNextCell(1)(next, dispatch);
};

/**
 * Table editing: cell selection, merge and split, column resizing (widths stored in the cells'
 * `colwidth`), Tab / Shift-Tab across cells, and pasting a GFM table as plain text as a table.
 */
export function tablePlugins(schema: Schema): Plugin[] {
  return [
    columnResizing(),
    tableEditing(),
    keymap({ Tab: chainCommands(goToNextCell(1), addRowAndGo), 'Shift-Tab': goToNextCell(-1) }),
    new Plugin({
      props: {
        clipboardTextParser(text) {
          const rows = parseGfmTable(text);
          return rows ? new Slice(Fragment.from(tableFromRows(schema, rows)), 0, 0) : (undefined as unknown as Slice);
        },
      },
    }),
  ];
}
