import { InputRule } from 'prosemirror-inputrules';
import type { MarkType, Schema } from 'prosemirror-model';
import { normalizeLink } from './link-url.js';
import { safeHref } from './schema.js';

/**
 * `delimiter` + text + `delimiter`, typed at the end of running text, becomes the text with
 * `mark`. `pattern`'s group 1 is the whole delimited run, group 2 the text. Not in code blocks.
 */
function delimitedRule(pattern: RegExp, delimiter: string, mark: MarkType): InputRule {
  return new InputRule(pattern, (state, match, start, end) => {
    const run = match[1]!;
    const text = match[2]!;
    const $start = state.doc.resolve(start);
    if ($start.parent.type.spec.code || !$start.parent.type.allowsMarkType(mark)) return null;
    // in the document: the run without its last character (the one being typed), ending at `end`
    const from = start + match[0].length - run.length;
    const tr = state.tr;
    tr.delete(end - (delimiter.length - 1), end);
    tr.delete(from, from + delimiter.length);
    tr.addMark(from, from + text.length, mark.create()).removeStoredMark(mark);
    return tr;
  });
}

/** `[text](url)` becomes `text` linked to `url`. */
function linkRule(mark: MarkType): InputRule {
  return new InputRule(/\[([^\]]+)\]\(([^)\s]+)\)$/, (state, match, start, end) => {
    const text = match[1]!;
    const href = normalizeLink(match[2]!); // the link field's rule: example.com gets https://, scripts stay text
    if (href === null || state.doc.resolve(start).parent.type.spec.code) return null;
    const tr = state.tr.insertText(text, start, end);
    return tr.addMark(start, start + text.length, mark.create({ href })).removeStoredMark(mark);
  });
}

/** An address typed in text (`https://...`, `www....`) becomes a link once a space follows it (trailing punctuation stays out). */
function autolinkRule(mark: MarkType): InputRule {
  return new InputRule(/(?:^|\s)((?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,;:!?'")\]])([.,;:!?'")\]]*)\s$/, (state, match, start, end) => {
    const url = match[1]!;
    const from = start + match[0].length - 1 - match[2]!.length - url.length;
    const to = from + url.length;
    if (state.doc.resolve(from).parent.type.spec.code || state.doc.rangeHasMark(from, to, mark)) return null;
    return state.tr.addMark(from, to, mark.create({ href: safeHref(url) })).insertText(' ', end);
  });
}

/**
 * Inline Markdown typed in running text: `**bold**`, `*italic*` / `_italic_`, `` `code` ``,
 * `~~strike~~`, `[text](url)`, and autolinks. Backspace right after one undoes it (undoInputRule).
 */
export function buildInlineRules(schema: Schema): InputRule[] {
  const m = schema.marks;
  const body = (d: string) => `([^${d}\\s](?:[^${d}]*[^${d}\\s])?)`;
  const rules: InputRule[] = [];
  if (m.strong) rules.push(delimitedRule(new RegExp(`(?:^|[^*])(\\*\\*${body('*')}\\*\\*)$`), '**', m.strong));
  if (m.em) {
    rules.push(delimitedRule(new RegExp(`(?:^|[^*\\w])(\\*${body('*')}\\*)$`), '*', m.em));
    rules.push(delimitedRule(new RegExp(`(?:^|[^_\\w])(_${body('_')}_)$`), '_', m.em));
  }
  if (m.strike) rules.push(delimitedRule(new RegExp(`(?:^|[^~])(~~${body('~')}~~)$`), '~~', m.strike));
  if (m.code) rules.push(delimitedRule(/(?:^|[^`])(`([^`]+)`)$/, '`', m.code));
  if (m.link) rules.push(linkRule(m.link), autolinkRule(m.link));
  return rules;
}
