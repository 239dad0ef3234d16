import { lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import type { Attrs, MarkType, Node, NodeType, Schema } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import type { Command, EditorState } from 'prosemirror-state';
import { safeHref } from './schema.js';

/** Whether `type` applies to the whole selection (or is stored for the next typed text). */
export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** Whether the selection starts inside a textblock of `type` (with `attrs`, when given). */
export function isBlockActive(state: EditorState, type: NodeType, attrs?: Attrs): boolean {
  const { $from, to } = state.selection;
  if ($from.parent.type !== type || to > $from.end()) return false;
  return !attrs || Object.entries(attrs).every(([k, v]) => $from.parent.attrs[k] === v);
}

/** The nearest ancestor of the selection of one of `types`, with its depth, or null. */
export function findAncestor(state: EditorState, types: NodeType[]): { node: Node; depth: number } | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (types.includes(node.type)) return { node, depth };
  }
  return null;
}

/** Toggles a mark on the selection. */
export function toggleMarkCommand(type: MarkType): Command {
  return toggleMark(type);
}

/** Turns the current block into a heading of `level`, or back into a paragraph when it already is one. */
export function toggleHeading(schema: Schema, level: number): Command {
  return (state, dispatch) => {
    if (isBlockActive(state, schema.nodes.heading!, { level })) return setBlockType(schema.nodes.paragraph!)(state, dispatch);
    return setBlockType(schema.nodes.heading!, { level })(state, dispatch);
  };
}

/** Turns the current block into a code block, or back into a paragraph. */
export function toggleCodeBlock(schema: Schema): Command {
  return (state, dispatch) => {
    if (isBlockActive(state, schema.nodes.code_block!)) return setBlockType(schema.nodes.paragraph!)(state, dispatch);
    return setBlockType(schema.nodes.code_block!)(state, dispatch);
  };
}

/** Wraps the selection in a blockquote, or lifts it out of the one it is in. */
export function toggleBlockquote(schema: Schema): Command {
  return (state, dispatch) => {
    if (findAncestor(state, [schema.nodes.blockquote!])) return lift(state, dispatch);
    return wrapIn(schema.nodes.blockquote!)(state, dispatch);
  };
}

const LIST_ITEMS: Record<string, string> = { bullet_list: 'list_item', ordered_list: 'list_item', task_list: 'task_item' };

/**
 * Makes the selected blocks a list of `listType`: lifts them out when they already are one,
 * converts a list of another kind in place, wraps them otherwise.
 */
export function toggleList(schema: Schema, listType: NodeType): Command {
  return (state, dispatch) => {
    const lists = Object.keys(LIST_ITEMS).map((name) => schema.nodes[name]!);
    const found = findAncestor(state, lists);
    const itemType = schema.nodes[LIST_ITEMS[listType.name]!]!;
    if (found?.node.type === listType) return liftListItem(itemType)(state, dispatch);
    if (found) {
      const sameItems = LIST_ITEMS[found.node.type.name] === itemType.name;
      if (sameItems) {
        if (dispatch) dispatch(state.tr.setNodeMarkup(state.selection.$from.before(found.depth), listType));
        return true;
      }
      const pos = state.selection.$from.before(found.depth);
      const items: Node[] = [];
      found.node.forEach((item) => items.push(itemType.create(itemType === schema.nodes.task_item ? { checked: false } : null, item.content)));
      if (dispatch) dispatch(state.tr.replaceWith(pos, pos + found.node.nodeSize, listType.create(null, items)));
      return true;
    }
    return wrapInList(listType)(state, dispatch);
  };
}

/** Inserts a horizontal rule in place of the selection. */
export function insertHorizontalRule(schema: Schema): Command {
  return (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.horizontal_rule!.create()).scrollIntoView());
    return true;
  };
}

/** Inserts a line break inside the current block. */
export function insertHardBreak(schema: Schema): Command {
  return (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break!.create()).scrollIntoView());
    return true;
  };
}

/** The link around the cursor or on the selection, if any. */
export function activeLink(state: EditorState, schema: Schema): string | null {
  const type = schema.marks.link!;
  const { $from, from, to, empty } = state.selection;
  const mark = empty ? type.isInSet($from.marks()) : undefined;
  if (mark) return mark.attrs.href as string;
  let href: string | null = null;
  state.doc.nodesBetween(from, to, (node) => {
    href ??= (type.isInSet(node.marks)?.attrs.href as string | undefined) ?? null;
  });
  return href;
}

/**
 * Links the selection to `href` (an empty `href` removes the link). With an empty selection the
 * address itself is inserted as linked text.
 */
export function setLink(schema: Schema, href: string): Command {
  return (state, dispatch) => {
    const type = schema.marks.link!;
    let { from, to } = state.selection;
    const { empty, $from } = state.selection;
    if (empty && type.isInSet($from.marks())) {
      // extend to the whole link around the cursor
      const parent = $from.parent;
      const start = $from.start();
      let linkFrom = from;
      let linkTo = to;
      parent.forEach((child, offset) => {
        const a = start + offset;
        const b = a + child.nodeSize;
        if (a <= from && b >= from && type.isInSet(child.marks)) {
          linkFrom = a;
          linkTo = b;
        }
      });
      from = linkFrom;
      to = linkTo;
    }
    const trimmed = href.trim();
    if (!dispatch) return true;
    const tr = state.tr;
    if (!trimmed) {
      tr.removeMark(from, to, type);
    } else if (from === to) {
      const mark = type.create({ href: safeHref(trimmed) });
      tr.insert(from, schema.text(trimmed, [mark]));
    } else {
      tr.removeMark(from, to, type).addMark(from, to, type.create({ href: safeHref(trimmed) }));
    }
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** Checks or unchecks the task item at `pos`. */
export function setTaskChecked(pos: number, checked: boolean): Command {
  return (state, dispatch) => {
    const node = state.doc.nodeAt(pos);
    if (!node || node.type.name !== 'task_item') return false;
    if (dispatch) dispatch(state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, checked }));
    return true;
  };
}
