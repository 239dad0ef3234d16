import MarkdownIt from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import { DOMParser as PMDOMParser } from 'prosemirror-model';
import { safeHref, safeSrc, schema } from '@tandem/document/schema';
import type { PMNodeJSON } from './formats.js';
import { ImportError, MAX_IMPORT_DEPTH } from './import-json.js';
import { richTokens, useRichMarkdown } from './markdown-rich.js';

/** Most characters an imported Markdown or HTML text may have. */
export const MAX_IMPORT_CHARS = 5_000_000;

/** Most elements an imported HTML text may nest (checked on the text, before any parse). */
export const MAX_HTML_NESTING = 128;

/** Elements that never have content, and elements whose end tag the HTML parser implies (they do not nest in themselves). */
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta param source track wbr p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rt rp'.split(' '),
);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(\/?)>/g;

/**
 * How deep the elements of an HTML text nest, counted on the text in one linear pass (an upper
 * bound of what a parser builds: unclosed tags count as open), so a deep text is refused before
 * any recursive code sees it.
 */
export function htmlNestingDepth(html: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (NOT_NESTING.has(m[2]!.toLowerCase()) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > deepest && (deepest = depth) > stopAbove) break;
  }
  return deepest;
}

/** Turns the raw `<u>`/`</u>` tags Tandem writes for underline into tokens the parser maps to a mark. */
function underlineTags(state: { tokens: { children: { type: string; content: string }[] | null }[] }): void {
  for (const block of state.tokens) {
    for (const token of block.children ?? []) {
      if (token.type !== 'html_inline') continue;
      if (/^<u>$/i.test(token.content)) Object.assign(token, { type: 'u_open', tag: 'u', nesting: 1 });
      else if (/^<\/u>$/i.test(token.content)) Object.assign(token, { type: 'u_close', tag: 'u', nesting: -1 });
    }
  }
}

const tokenizer = MarkdownIt('commonmark', { html: true }).enable('strikethrough');
tokenizer.core.ruler.push('tandem_underline', underlineTags);
useRichMarkdown(tokenizer);

const markdownParser = new MarkdownParser(schema, tokenizer, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  list_item: { block: 'list_item' },
  bullet_list: { block: 'bullet_list' },
  ordered_list: { block: 'ordered_list', getAttrs: (tok) => ({ order: Number(tok.attrGet('start')) || 1 }) },
  heading: { block: 'heading', getAttrs: (tok) => ({ level: Math.min(3, Number(tok.tag.slice(1)) || 1) }) },
  code_block: { block: 'code_block', noCloseToken: true },
  fence: { block: 'code_block', noCloseToken: true },
  hr: { node: 'horizontal_rule' },
  hardbreak: { node: 'hard_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  s: { mark: 'strike' },
  u: { mark: 'underline' },
  code_inline: { mark: 'code', noCloseToken: true },
  link: { mark: 'link', getAttrs: (tok) => ({ href: tok.attrGet('href') ?? '', title: tok.attrGet('title') || null }) },
  ...richTokens,
  image: { ignore: true, noCloseToken: true },
  html_inline: { ignore: true, noCloseToken: true },
  html_block: { ignore: true, noCloseToken: true },
});

const TASK = /^\[( |x|X)\] /;

/** GitHub-style `- [ ] item` lists become task lists; unsafe link targets lose their link. */
function tidy(node: PMNodeJSON): PMNodeJSON {
  let content = node.content?.filter(keepNode).map(tidy);
  let type = node.type;
  const attrs = node.attrs;
  if (type === 'bullet_list' && content?.length && content.every((item) => TASK.test(firstText(item)))) {
    type = 'task_list';
    content = content.map((item) => {
      const checked = TASK.exec(firstText(item))![1] !== ' ';
      return { ...stripTaskPrefix(item), type: 'task_item', attrs: { checked } };
    });
  }
  let marks = node.marks?.filter((m) => m.type !== 'link' || safeHref(m.attrs?.href) !== '#');
  if (marks && marks.length === 0) marks = undefined;
  if (content) content = mergeText(content);
  const out: PMNodeJSON = { type };
  if (attrs) out.attrs = attrs;
  if (content) out.content = content;
  if (node.text !== undefined) out.text = node.text;
  if (marks) out.marks = marks;
  return out;
}

/** Images and attachments whose source is not a safe URL (script, relative path of another site) are dropped. */
function keepNode(node: PMNodeJSON): boolean {
  if (node.type !== 'image' && node.type !== 'attachment') return true;
  const src = safeSrc(node.attrs?.src);
  return src !== '' && !src.startsWith('blob:') && !src.startsWith('data:') && (!src.startsWith('/') || src.startsWith('/api/docs/'));
}

/** Joins neighbouring text nodes with the same marks (left apart once a link was dropped). */
function mergeText(nodes: PMNodeJSON[]): PMNodeJSON[] {
  const out: PMNodeJSON[] = [];
  for (const node of nodes) {
    const prev = out[out.length - 1];
    if (prev && prev.type === 'text' && node.type === 'text' && JSON.stringify(prev.marks ?? []) === JSON.stringify(node.marks ?? [])) {
      out[out.length - 1] = { ...prev, text: (prev.text ?? '') + (node.text ?? '') };
    } else out.push(node);
  }
  return out;
}

function firstText(item: PMNodeJSON): string {
  return item.content?.[0]?.content?.[0]?.text ?? '';
}

function stripTaskPrefix(item: PMNodeJSON): PMNodeJSON {
  const [para, ...rest] = item.content ?? [];
  const [text, ...inline] = para?.content ?? [];
  const stripped = text!.text!.replace(TASK, '');
  const first = stripped ? [{ ...text!, text: stripped }, ...inline] : inline;
  return { ...item, content: [{ ...para!, content: first.length ? first : undefined } as PMNodeJSON, ...rest] };
}

function checkSize(text: string): void {
  if (typeof text !== 'string') throw new ImportError('content must be a string');
  if (text.length > MAX_IMPORT_CHARS) throw new ImportError(`content is longer than ${MAX_IMPORT_CHARS} characters`);
}

/** Parses Markdown (CommonMark, ~~strike~~, GitHub task lists) into ProseMirror JSON of a Tandem document. */
export function markdownToProseMirrorJSON(markdown: string): PMNodeJSON {
  checkSize(markdown);
  const json = markdownParser.parse(markdown).toJSON() as PMNodeJSON; // markdown-it nests at most 20 levels (commonmark preset)
  if (depthOf(json) > MAX_IMPORT_DEPTH) throw new ImportError(`nesting deeper than ${MAX_IMPORT_DEPTH}`);
  return tidy(json);
}

/**
 * Parses HTML into ProseMirror JSON of a Tandem document: what the schema knows is kept, the rest
 * dropped. The text is parsed inert (a `<template>`: no script, no resource loads), refused when it
 * nests deeper than MAX_HTML_NESTING, and the DOM window's teardown is awaited inside the guard.
 * Servers run it in the import sandbox (import-sandbox.ts), never on their event loop.
 */
export async function htmlToProseMirrorJSON(html: string): Promise<PMNodeJSON> {
  checkSize(html);
  if (htmlNestingDepth(html, MAX_HTML_NESTING) > MAX_HTML_NESTING) {
    throw new ImportError(`HTML nests elements deeper than ${MAX_HTML_NESTING} levels`);
  }
  // happy-dom takes ~0.4 s to load: loaded on the first HTML import, not at server start-up
  const { Window } = await import('happy-dom');
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  });
  try {
    const template = window.document.createElement('template');
    template.innerHTML = html;
    const parsed = PMDOMParser.fromSchema(schema).parse(template.content as unknown as Parameters<PMDOMParser['parse']>[0]);
    const json = parsed.toJSON() as PMNodeJSON;
    if (depthOf(json) > MAX_IMPORT_DEPTH) throw new ImportError(`nesting deeper than ${MAX_IMPORT_DEPTH}`);
    return tidy(json);
  } finally {
    await window.happyDOM.close().catch(() => {});
  }
}

/** How deep a ProseMirror JSON tree nests (iterative: safe on any depth). */
function depthOf(root: PMNodeJSON): number {
  let deepest = 0;
  const stack: [PMNodeJSON, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of node.content ?? []) stack.push([child, depth + 1]);
  }
  return deepest;
}
