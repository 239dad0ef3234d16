/**
 * Whether pasted plain text is Markdown, so a paste turns it into formatting. Errs towards
 * "not Markdown": prose with a stray asterisk or a dash list written by hand in an e-mail still
 * pastes as it reads, only text with clear Markdown structure is parsed.
 */

/** Line starts that only Markdown writes. */
const BLOCK_MARKERS = [
  /^#{1,6}[ \t]+\S/, // # heading
  /^[ \t]*```/, // ``` code fence
  /^[ \t]*~~~/, // ~~~ code fence
  /^[ \t]*[-*+][ \t]+\[[ xX]\][ \t]/, // - [ ] task
  /^>[ \t]?\S/, // > quote
  /^[ \t]*\|.*\|[ \t]*$/, // | table | row |
];
/** List items: Markdown when two or more lines are items (one "- " line is as likely plain). */
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S/;
/** Inline syntax that plain prose does not write by accident. */
const INLINE_MARKERS = [
  /\*\*[^\s*](?:[^*\n]*[^\s*])?\*\*/, // **strong**
  /(?:^|[^\w_])__[^\s_](?:[^_\n]*[^\s_])?__(?![\w_])/, // __strong__
  /~~[^\s~](?:[^~\n]*[^\s~])?~~/, // ~~strike~~
  /`[^`\n]+`/, // `code`
  /\[[^\]\n]+\]\((?:[^()\s]+)\)/, // [text](url)
  /(?:^|[\s(])\*[^\s*][^*\n]*[^\s*]\*(?=[\s.,;:!?)]|$)/, // *em*
  /(?:^|[\s(])_[^\s_][^_\n]*[^\s_]_(?=[\s.,;:!?)]|$)/, // _em_
];

/** True when `text` has Markdown block structure (headings, lists, fences, quotes, tables) or inline marks. */
export function looksLikeMarkdown(text: string): boolean {
  const lines = text.split(/\r?\n/);
  if (lines.some((line) => BLOCK_MARKERS.some((re) => re.test(line)))) return true;
  if (lines.filter((line) => LIST_ITEM.test(line)).length >= 2) return true;
  return INLINE_MARKERS.some((re) => re.test(text));
}
