import type { PMNodeJSON } from './formats.js';
import { type ExportOptions, exportUrl, humanSize, tableGrid } from './export-rich.js';
import { safeHref } from '@tandem/document/schema';

type Mark = { type: string; attrs?: Record<string, unknown> };

/** Mark order: outermost first, so a link wraps its emphasis and code is innermost. */
const MARK_ORDER = ['link', 'strong', 'em', 'strike', 'underline', 'code'];

function markDelims(mark: Mark): [string, string] {
  switch (mark.type) {
    case 'strong':
      return ['**', '**'];
    case 'em':
      return ['*', '*'];
    case 'strike':
      return ['~~', '~~'];
    case 'underline':
      return ['<u>', '</u>'];
    case 'code':
      return ['`', '`'];
    case 'link': {
      const href = safeHref(mark.attrs?.href).replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
      return ['[', `](${href})`];
    }
    default:
      return ['', ''];
  }
}

const escapeInline = (s: string) => s.replace(/[\\`*_[\]<>~]/g, '\\$&');

function sameMark(a: Mark, b: Mark): boolean {
  return a.type === b.type && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {});
}

/** Inline content with marks opened and closed as a stack, so adjacent runs share delimiters. */
function inline(nodes: PMNodeJSON[]): string {
  let out = '';
  const active: Mark[] = [];
  const closeTo = (depth: number) => {
    while (active.length > depth) out += markDelims(active.pop()!)[1];
  };
  for (const node of nodes) {
    if (node.type === 'hard_break') {
      closeTo(0);
      out += '\\\n';
      continue;
    }
    const marks = [...(node.marks ?? [])].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
    let keep = 0;
    while (keep < active.length && keep < marks.length && sameMark(active[keep]!, marks[keep]!)) keep++;
    closeTo(keep);
    for (const mark of marks.slice(keep)) {
      out += markDelims(mark)[0];
      active.push(mark);
    }
    const text = node.text ?? '';
    out += marks.some((m) => m.type === 'code') ? text.replace(/`/g, '\u02cb') : escapeInline(text);
  }
  closeTo(0);
  return out;
}

/** Escapes what would otherwise start a block (heading, quote, list, rule) at a line's start. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([#>+-]|\d+\.)(?=\s|$)/, (_m, space: string, mark: string) => `${space}\\${mark}`);
}

const indent = (text: string, prefix: string, first = prefix) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line ? prefix : prefix.trimEnd()) + line)
    .join('\n');

function listItems(items: PMNodeJSON[], marker: (i: number) => string): string {
  return items
    .map((item, i) => {
      const m = marker(i);
      return indent(blocks(item.content ?? []), ' '.repeat(m.length), m);
    })
    .join('\n');
}

const escapeUrl = (url: string) => url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
const escapeTitle = (s: string) => s.replace(/["\\]/g, '\\$&').replace(/\n/g, ' ');

/** A cell's content on one line: its blocks' inline text joined by `<br>`, pipes escaped. */
function cellText(cell: PMNodeJSON | null, options: ExportOptions): string {
  if (!cell) return '';
  const lines = (cell.content ?? []).map((b) => (b.content?.every((c) => c.type === 'text' || c.type === 'hard_break') ? inline(b.content) : block(b, options)));
  return lines.join('<br>').replace(/\n/g, ' ').replace(/\|/g, '\\|');
}

/** A table as a GFM table; the first row is the header row (GFM has no table without one). */
function gfmTable(node: PMNodeJSON, options: ExportOptions): string {
  const { cells } = tableGrid(node);
  const lines = cells.map((row) => `| ${row.map((cell) => cellText(cell, options)).join(' | ')} |`);
  lines.splice(1, 0, `| ${cells[0]!.map(() => '---').join(' | ')} |`);
  return lines.join('\n');
}

function block(node: PMNodeJSON, options: ExportOptions = currentOptions): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'table':
      return gfmTable(node, options);
    case 'image': {
      const src = exportUrl(node.attrs?.src, options);
      if (!src) return '';
      const alt = escapeInline(String(node.attrs?.alt ?? ''));
      const caption = String(node.attrs?.caption ?? '');
      return `![${alt}](${escapeUrl(src)}${caption ? ` "${escapeTitle(caption)}"` : ''})`;
    }
    case 'attachment': {
      const src = exportUrl(node.attrs?.src, options);
      const name = escapeInline(String(node.attrs?.name ?? 'file'));
      return src ? `[${name}](${escapeUrl(src)}) (${humanSize(node.attrs?.size)})` : name;
    }
    case 'paragraph':
      return inline(children)
        .split('\n')
        .map(escapeLineStart)
        .join('\n');
    case 'heading':
      return `${'#'.repeat(Math.min(6, Math.max(1, Number(node.attrs?.level) || 1)))} ${inline(children)}`;
    case 'blockquote':
      return indent(blocks(children), '> ');
    case 'code_block': {
      const code = children.map((c) => c.text ?? '').join('');
      const fence = code.includes('```') ? '````' : '```';
      return `${fence}\n${code}\n${fence}`;
    }
    case 'horizontal_rule':
      return '---';
    case 'bullet_list':
      return listItems(children, () => '- ');
    case 'ordered_list': {
      const start = Number(node.attrs?.order ?? 1);
      return listItems(children, (i) => `${start + i}. `);
    }
    case 'task_list':
      return listItems(children, (i) => (children[i]!.attrs?.checked === true ? '- [x] ' : '- [ ] '));
    default:
      return blocks(children);
  }
}

function blocks(nodes: PMNodeJSON[]): string {
  return nodes.map((n) => block(n)).join('\n\n');
}

/** Options of the export running now (one export at a time: rendering is synchronous). */
let currentOptions: ExportOptions = {};

/**
 * Renders ProseMirror JSON of a Tandem document as CommonMark with GFM tables, task lists and
 * ~~strike~~; images as image links and attachments as links (absolute with `baseUrl`).
 */
export function toMarkdown(doc: PMNodeJSON, options: ExportOptions = {}): string {
  currentOptions = options;
  try {
    return blocks(doc.content ?? []) + '\n';
  } finally {
    currentOptions = {};
  }
}
