/**
 * Plain-string edit arithmetic for the collaborative title: the smallest single replacement that
 * turns one string into another, and moving an index through a Yjs text delta. UTF-16 indices,
 * as in JavaScript strings and Y.Text; a replacement never splits a surrogate pair.
 */

/** One replacement: remove `remove` characters at `index`, then insert `insert` there. */
export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

/** A Yjs text delta (Y.YTextEvent#delta): retain, insert and delete operations in order. */
export type TextDelta = ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The replacement turning `before` into `after`: their common prefix and suffix are kept.
 * `caret` (where the caret is in `after`, e.g. an input's selectionEnd after typing) decides
 * ambiguous cases such as typing "a" inside "aa": the kept suffix never reaches before it.
 * Without `caret` the longest common suffix is kept. Null when the strings are equal.
 */
export function diffText(before: string, after: string, caret?: number): TextEdit | null {
  if (before === after) return null;
  const caretAt = caret === undefined ? 0 : Math.min(Math.max(caret, 0), after.length);
  const maxSuffix = Math.min(before.length, after.length - caretAt);
  let suffix = 0;
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const maxPrefix = Math.min(before.length, after.length) - suffix;
  let prefix = 0;
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // keep surrogate pairs whole: never end the prefix on a high half, never start the suffix on a low half
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** The delta of an edit (for moving indices through local edits the same way as remote ones). */
export function deltaOf(edit: TextEdit): TextDelta {
  return [
    ...(edit.index ? [{ retain: edit.index }] : []),
    ...(edit.remove ? [{ delete: edit.remove }] : []),
    ...(edit.insert ? [{ insert: edit.insert }] : []),
  ];
}

/**
 * Where `index` lands after `delta` was applied to the text it pointed into. Text inserted
 * before it moves it right, text deleted before it moves it left, an index inside a deleted
 * run lands at the run's start. Text inserted exactly at the index moves it only when
 * `stickRight` (a caret placed after someone else's text at the same spot stays left of it).
 */
export function moveIndex(index: number, delta: TextDelta, stickRight = false): number {
  let at = 0; // position in the old text
  let moved = index;
  for (const op of delta) {
    if (at > index || (at === index && !stickRight && op.insert !== undefined)) break;
    if (op.retain) at += op.retain;
    else if (op.delete) {
      moved -= Math.min(op.delete, Math.max(0, index - at));
      at += op.delete;
    } else if (op.insert !== undefined) {
      moved += typeof op.insert === 'string' ? op.insert.length : 1;
    }
  }
  return moved;
}
