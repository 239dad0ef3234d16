import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@tandem/document';
import type { PMNodeJSON } from './formats.js';

/** Bad import input; the message says what is wrong, `status` the HTTP status that fits it. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    /** 400 bad content, 413 too large or too costly to import, 503 the import sandbox is busy. */
    readonly status: 400 | 413 | 503 = 400,
  ) {
    super(message);
  }
}

/** Most levels ProseMirror JSON may nest in an import. */
export const MAX_IMPORT_DEPTH = 64;
const MAX_DEPTH = MAX_IMPORT_DEPTH;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) throw new ImportError(`${what} must be a node or mark name`);
  return name;
}

function toAttrs(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ImportError('attrs must be an object');
  return value as Record<string, unknown>;
}

function buildElement(node: PMNodeJSON, depth: number): Y.XmlElement {
  if (depth > MAX_DEPTH) throw new ImportError(`nesting deeper than ${MAX_DEPTH}`);
  const el = new Y.XmlElement(checkName(node.type, 'type'));
  for (const [key, value] of Object.entries(toAttrs(node.attrs))) {
    if (value !== null && value !== undefined) el.setAttribute(key, value as string);
  }
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  let text: Y.XmlText | null = null;
  let offset = 0; // a Y.XmlText not yet in a document reports length 0: track the end ourselves
  for (const child of node.content ?? []) {
    if (!child || typeof child !== 'object') throw new ImportError('content must hold nodes');
    if (child.type === 'text') {
      if (typeof child.text !== 'string' || child.text === '') throw new ImportError('a text node needs non-empty text');
      const marks: Record<string, Record<string, unknown>> = {};
      for (const mark of child.marks ?? []) marks[checkName(mark.type, 'mark type')] = toAttrs(mark.attrs);
      if (!text) {
        text = new Y.XmlText();
        offset = 0;
        children.push(text);
      }
      text.insert(offset, child.text, marks);
      offset += child.text.length;
    } else {
      text = null;
      children.push(buildElement(child, depth + 1));
    }
  }
  if (!Array.isArray(node.content ?? [])) throw new ImportError('content must be an array');
  el.insert(0, children);
  return el;
}

/**
 * Fills an empty document's content from ProseMirror JSON (`{type:'doc', content:[...]}`), in
 * the same shape y-prosemirror writes. Throws ImportError on input that is not ProseMirror JSON.
 */
export function fillFromProseMirrorJSON(doc: Y.Doc, json: unknown): void {
  const root = json as PMNodeJSON;
  if (!root || typeof root !== 'object' || root.type !== 'doc' || !Array.isArray(root.content ?? [])) {
    throw new ImportError('expected ProseMirror JSON with type "doc"');
  }
  const blocks = (root.content ?? []).map((n) => {
    if (!n || typeof n !== 'object' || n.type === 'text') throw new ImportError('the doc must hold block nodes');
    return buildElement(n, 1);
  });
  doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, blocks);
}
