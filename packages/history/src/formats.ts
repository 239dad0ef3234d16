import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@tandem/document';

/** A ProseMirror node as JSON (`Node.toJSON()`), as stored by y-prosemirror. */
export interface PMNodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMNodeJSON[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

function elementToJSON(el: Y.XmlElement): PMNodeJSON {
  const attrs = el.getAttributes() as Record<string, unknown>;
  const node: PMNodeJSON = { type: el.nodeName };
  if (Object.keys(attrs).length) node.attrs = attrs;
  const content: PMNodeJSON[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlElement) {
      content.push(elementToJSON(child));
    } else if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown>> }[]) {
        if (typeof op.insert !== 'string') continue;
        const text: PMNodeJSON = { type: 'text', text: op.insert };
        const marks = Object.entries(op.attributes ?? {}).map(([type, a]) =>
          a && typeof a === 'object' && Object.keys(a).length ? { type, attrs: a } : { type },
        );
        if (marks.length) text.marks = marks;
        content.push(text);
      }
    }
  }
  if (content.length) node.content = content;
  return node;
}

/** The document's content as ProseMirror JSON (`{type:'doc', content:[...]}`), schema-free. */
export function toProseMirrorJSON(doc: Y.Doc): PMNodeJSON {
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT);
  const content = fragment.toArray().flatMap((n) => (n instanceof Y.XmlElement ? [elementToJSON(n)] : []));
  return content.length ? { type: 'doc', content } : { type: 'doc', content: [{ type: 'paragraph' }] };
}

const isInline = (n: PMNodeJSON) => n.type === 'text' || n.type === 'hard_break';

/** The document as plain text: one line per text block (headings, paragraphs, list items...). */
export function toPlainText(doc: Y.Doc): string {
  const lines: string[] = [];
  const walk = (node: PMNodeJSON): void => {
    const children = node.content ?? [];
    if (children.length && !children.every(isInline)) {
      for (const child of children) walk(child);
      return;
    }
    if (node.type === 'horizontal_rule') lines.push('---');
    else lines.push(children.map((c) => (c.type === 'text' ? (c.text ?? '') : '\n')).join(''));
  };
  walk(toProseMirrorJSON(doc));
  return lines.join('\n') + '\n';
}


