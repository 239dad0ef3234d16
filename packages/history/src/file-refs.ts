import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@tandem/document';

/** The file id in a stored-file URL (`/api/docs/<doc>/files/<fileId>`, relative or absolute, any query). */
const FILE_URL = /\/api\/docs\/([^/?#]+)\/files\/([A-Za-z0-9_-]{1,64})(?:[?#]|$)/;

/** The document and file a stored-file URL points at, or null for any other URL. */
export function parseFileUrl(url: unknown): { docId: string; fileId: string } | null {
  if (typeof url !== 'string') return null;
  const m = FILE_URL.exec(url);
  if (!m) return null;
  try {
    return { docId: decodeURIComponent(m[1]!), fileId: m[2]! };
  } catch {
    return null;
  }
}

/**
 * The ids of `docId`'s files that the document's content points at (images and attachments:
 * every element attribute holding a stored-file URL of that document).
 */
export function referencedFiles(doc: Y.Doc, docId: string): Set<string> {
  const found = new Set<string>();
  const walk = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      for (const value of Object.values(child.getAttributes())) {
        const ref = parseFileUrl(value);
        if (ref && ref.docId === docId) found.add(ref.fileId);
      }
      walk(child);
    }
  };
  walk(doc.getXmlFragment(CONTENT_FRAGMENT));
  return found;
}
