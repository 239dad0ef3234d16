import MarkdownIt from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import { DOMParser as PMDOMParser } from 'prosemirror-model';
import { Window } from 'happy-dom';
import { schema } from '@tandem/editor/schema';
import type { PMNodeJSON } from './formats.js';
import { safeHref } from './html.js';
import { ImportError } from './import-json.js';

/** Most characters an imported Markdown or HTML text may have. */
export const MAX_IMPORT_CHARS = 5_000_000;

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
  image: { ignore: true, noCloseToken: true },
  html_inline: { ignore: true, noCloseToken: true },
  html_block: { ignore: true, noCloseToken: true },
});

const TASK = /^\[( |x|X)\] /;

/** GitHub-style `- [ ] item` lists become task lists; unsafe link targets lose their link. */
function tidy(node: PMNodeJSON): PMNodeJSON {
  let content = node.content?.map(tidy);
  let type = node.type;
  let attrs = node.attrs;
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
  return tidy(markdownParser.parse(markdown).toJSON() as PMNodeJSON);
}

/** Parses HTML into ProseMirror JSON of a Tandem document: what the schema knows is kept, the rest dropped. */
export function htmlToProseMirrorJSON(html: string): PMNodeJSON {
  checkSize(html);
  const window = new Window();
  try {
    const doc = window.document;
    doc.body.innerHTML = html;
    const parsed = PMDOMParser.fromSchema(schema).parse(doc.body as unknown as Parameters<PMDOMParser["parse"]>[0]);
    return tidy(parsed.toJSON() as PMNodeJSON);
  } finally {
    void window.happyDOM.close();
  }
}
