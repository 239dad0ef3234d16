import { baseKeymap, chainCommands, exitCode, setBlockType, toggleMark } from 'prosemirror-commands';
import { undoInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import type { Schema } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { findAncestor, insertHardBreak, toggleHeading, toggleList } from './commands.js';

/** Key bindings of the editor, by key name (ProseMirror's `Mod-` is Cmd on macOS, Ctrl elsewhere). */
export function buildKeys(schema: Schema): Record<string, Command> {
  const n = schema.nodes;
  const m = schema.marks;
  const items = [n.list_item!, n.task_item!];
  const anyItem = (make: (type: (typeof items)[number]) => Command): Command => chainCommands(...items.map(make));
  const hardBreak = chainCommands(exitCode, insertHardBreak(schema));
  // inside a list, Tab never moves focus out of the editor, even when the item cannot move
  const inList: Command = (state) => findAncestor(state, items) !== null;
  return {
    'Mod-z': undoCommand,
    'Mod-Shift-z': redoCommand,
    'Mod-y': redoCommand,
    Backspace: undoInputRule,
    'Mod-b': toggleMark(m.strong!),
    'Mod-B': toggleMark(m.strong!),
    'Mod-i': toggleMark(m.em!),
    'Mod-I': toggleMark(m.em!),
    'Mod-u': toggleMark(m.underline!),
    'Mod-U': toggleMark(m.underline!),
    'Mod-Shift-s': toggleMark(m.strike!),
    'Mod-e': toggleMark(m.code!),
    'Mod-Alt-0': setBlockType(n.paragraph!),
    'Mod-Alt-1': toggleHeading(schema, 1),
    'Mod-Alt-2': toggleHeading(schema, 2),
    'Mod-Alt-3': toggleHeading(schema, 3),
    'Mod-Shift-7': toggleList(schema, n.ordered_list!),
    'Mod-Shift-8': toggleList(schema, n.bullet_list!),
    'Mod-Shift-9': toggleList(schema, n.task_list!),
    Enter: anyItem((t) => splitListItem(t, t === n.task_item ? { checked: false } : undefined)),
    Tab: chainCommands(anyItem((t) => sinkListItem(t)), inList),
    'Shift-Tab': chainCommands(anyItem((t) => liftListItem(t)), inList),
    'Shift-Enter': hardBreak,
    'Mod-Enter': hardBreak,
  };
}

/** The editor's keymap plugins: its own bindings first, then ProseMirror's base keymap. */
export function buildKeymaps(schema: Schema): Plugin[] {
  return [keymap(buildKeys(schema)), keymap(baseKeymap)];
}
