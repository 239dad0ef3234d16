import { type ExportOptions, exportUrl, humanSize } from './export-rich.js';
import type { PMNodeJSON } from './formats.js';
import { safeHref } from '@tandem/document/schema';

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

const MARK_TAGS: Record<string, string> = { strong: 'strong', em: 'em', underline: 'u', strike: 's', code: 'code' };

function openMark(mark: { type: string; attrs?: Record<string, unknown> }): [string, string] {
  if (mark.type === 'link') return [`<a href="${escapeAttr(safeHref(mark.attrs?.href))}">`, '</a>'];
  const tag = MARK_TAGS[mark.type] ?? 'span';
  return [`<${tag}>`, `</${tag}>`];
}

function inline(nodes: PMNodeJSON[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'hard_break') return '<br>';
      let html = escapeText(n.text ?? '');
      for (const mark of [...(n.marks ?? [])].reverse()) {
        const [open, close] = openMark(mark);
        html = open + html + close;
      }
      return html;
    })
    .join('');
}

/** colspan/rowspan/colwidth of a table cell as HTML attributes. */
function cellAttrs(node: PMNodeJSON): string {
  const colspan = Number(node.attrs?.colspan) || 1;
  const rowspan = Number(node.attrs?.rowspan) || 1;
  const widths = Array.isArray(node.attrs?.colwidth) ? (node.attrs!.colwidth as unknown[]).map(Number).filter((n) => n > 0) : [];
  return (
    (colspan > 1 ? ` colspan="${colspan}"` : '') +
    (rowspan > 1 ? ` rowspan="${rowspan}"` : '') +
    (widths.length ? ` data-colwidth="${widths.join(',')}"` : '')
  );
}

function block(node: PMNodeJSON, options: ExportOptions): string {
  const children = node.content ?? [];
  const inner = () => children.map((c) => block(c, options)).join('');
  switch (node.type) {
    case 'table':
      return `<table>${inner()}</table>`;
    case 'table_row':
      return `<tr>${inner()}</tr>`;
    case 'table_header':
      return `<th${cellAttrs(node)}>${inner()}</th>`;
    case 'table_cell':
      return `<td${cellAttrs(node)}>${inner()}</td>`;
    case 'image': {
      const src = exportUrl(node.attrs?.src, options);
      if (!src) return '';
      const width = Number(node.attrs?.width) || 0;
      const caption = String(node.attrs?.caption ?? '');
      const img = `<img src="${escapeAttr(src)}" alt="${escapeAttr(String(node.attrs?.alt ?? ''))}" loading="lazy"${width ? ` data-width="${width}" style="width:${width}%"` : ''}>`;
      return `<figure>${img}${caption ? `<figcaption>${escapeText(caption)}</figcaption>` : ''}</figure>`;
    }
    case 'attachment': {
      const src = exportUrl(node.attrs?.src, options);
      const name = String(node.attrs?.name ?? 'file');
      const link = src ? `<a href="${escapeAttr(src)}" download="${escapeAttr(name)}">${escapeText(name)}</a>` : escapeText(name);
      return `<div data-attachment="" data-name="${escapeAttr(name)}" data-size="${Number(node.attrs?.size) || 0}">${link} (${humanSize(node.attrs?.size)})</div>`;
    }
    case 'paragraph':
      return `<p>${inline(children)}</p>`;
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      return `<h${level}>${inline(children)}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>${inner()}</blockquote>`;
    case 'code_block':
      return `<pre><code>${escapeText(children.map((c) => c.text ?? '').join(''))}</code></pre>`;
    case 'horizontal_rule':
      return '<hr>';
    case 'bullet_list':
      return `<ul>${inner()}</ul>`;
    case 'ordered_list': {
      const order = Number(node.attrs?.order ?? 1);
      return order === 1 ? `<ol>${inner()}</ol>` : `<ol start="${order}">${inner()}</ol>`;
    }
    case 'list_item':
      return `<li>${inner()}</li>`;
    case 'task_list':
      return `<ul data-task-list="">${inner()}</ul>`;
    case 'task_item': {
      const checked = node.attrs?.checked === true;
      return `<li data-task-item="" data-checked="${checked}"><input type="checkbox" disabled${checked ? ' checked' : ''}>${inner()}</li>`;
    }
    default:
      return children.length ? `<div>${children.every((c) => c.type === 'text' || c.type === 'hard_break') ? inline(children) : inner()}</div>` : '';
  }
}

/**
 * Renders ProseMirror JSON of a Tandem document as an HTML fragment (safe: text and links
 * escaped), tables as tables and images as linked `<img>` (absolute with `baseUrl`).
 */
export function toHTML(doc: PMNodeJSON, options: ExportOptions = {}): string {
  return (doc.content ?? []).map((n) => block(n, options)).join('\n') + '\n';
}

/** A complete standalone HTML page of a document (for downloads). */
export function toHTMLPage(doc: PMNodeJSON, title: string, options: ExportOptions = {}): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeText(title || 'Untitled')}</title>
<style>table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}figure{margin:1em 0}img{max-width:100%}</style></head>
<body>
${toHTML(doc, options)}</body>
</html>
`;
}
