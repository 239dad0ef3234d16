import { type DOMOutputSpec, type MarkSpec, type NodeSpec, Schema } from 'prosemirror-model';
import { mediaNodeSpecs } from './media-schema.js';
import { tableNodeSpecs } from './table-schema.js';

const p: DOMOutputSpec = ['p', 0];

/**
 * What the parse rules read of an element. Declared here, not taken from the DOM library, so the
 * schema also type-checks and runs on a server (with any DOM implementation, or none).
 */
interface ParsedElement {
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  style: { fontWeight: string };
}

/** Block and inline node types of a Tandem document. Their names are the element names stored in Yjs. */
export const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  paragraph: { content: 'inline*', group: 'block', parseDOM: [{ tag: 'p' }], toDOM: () => p },
  heading: {
    attrs: { level: { default: 1, validate: 'number' } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: Math.min(level, 3) } })),
    toDOM: (node) => [`h${node.attrs.level}`, 0],
  },
  blockquote: {
    content: 'block+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: () => ['blockquote', 0],
  },
  code_block: {
    content: 'text*',
    marks: '',
    group: 'block',
    code: true,
    defining: true,
    parseDOM: [{ tag: 'pre', preserveWhitespace: 'full' }],
    toDOM: () => ['pre', ['code', 0]],
  },
  horizontal_rule: { group: 'block', parseDOM: [{ tag: 'hr' }], toDOM: () => ['hr'] },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => ({ order: (dom as ParsedElement).hasAttribute('start') ? Number((dom as ParsedElement).getAttribute('start')) || 1 : 1 }),
      },
    ],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  task_list: {
    content: 'task_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul[data-task-list]', priority: 60 }],
    toDOM: () => ['ul', { 'data-task-list': '' }, 0],
  },
  task_item: {
    attrs: { checked: { default: false, validate: 'boolean' } },
    content: 'paragraph block*',
    defining: true,
    parseDOM: [
      {
        tag: 'li[data-task-item]',
        priority: 60,
        getAttrs: (dom) => ({ checked: (dom as ParsedElement).getAttribute('data-checked') === 'true' }),
      },
    ],
    toDOM: (node) => ['li', { 'data-task-item': '', 'data-checked': String(node.attrs.checked) }, 0],
  },
  ...tableNodeSpecs,
  ...mediaNodeSpecs,
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
};

/** Inline marks of a Tandem document. */
export const marks: Record<string, MarkSpec> = {
  link: {
    attrs: { href: { validate: 'string' }, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => ({ href: (dom as ParsedElement).getAttribute('href'), title: (dom as ParsedElement).getAttribute('title') }),
      },
    ],
    toDOM: (mark) => ['a', { href: safeHref(mark.attrs.href), title: mark.attrs.title, rel: 'noopener noreferrer nofollow', target: '_blank' }, 0],
  },
  strong: {
    parseDOM: [
      { tag: 'strong' },
      { tag: 'b', getAttrs: (node) => (node as ParsedElement).style.fontWeight !== 'normal' && null },
      { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' },
      { style: 'font-weight', getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value as string) && null },
    ],
    toDOM: () => ['strong', 0],
  },
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },
  underline: {
    parseDOM: [{ tag: 'u' }, { style: 'text-decoration=underline' }],
    toDOM: () => ['u', 0],
  },
  strike: {
    parseDOM: [{ tag: 's' }, { tag: 'del' }, { tag: 'strike' }, { style: 'text-decoration=line-through' }],
    toDOM: () => ['s', 0],
  },
  code: { excludes: '_', code: true, parseDOM: [{ tag: 'code' }], toDOM: () => ['code', 0] },
};

/**
 * Only http(s), mailto and relative links are rendered as links; a bare host gets `https://`;
 * anything else (javascript:, data:, empty) becomes `#`. Used by the editor and every export.
 */
export function safeHref(href: unknown): string {
  const trimmed = typeof href === 'string' ? href.trim() : '';
  if (/^(https?:|mailto:|\/|#)/i.test(trimmed)) return trimmed;
  if (trimmed && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return `https://${trimmed}`;
  return '#';
}

/** The ProseMirror schema every Tandem editor uses, so all of them read the same shared document. */
export const schema = new Schema({ nodes, marks });

export { formatSize, safeSrc, mediaNodeSpecs } from './media-schema.js';
export { tableNodeSpecs } from './table-schema.js';
