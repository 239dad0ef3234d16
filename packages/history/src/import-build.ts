import * as Y from 'yjs';
import { fillFromProseMirrorJSON, ImportError } from './import-json.js';
import { htmlToProseMirrorJSON, markdownToProseMirrorJSON } from './import-text.js';
import { setTitle } from '@tandem/document';

/** Formats a document can be imported from. */
export const IMPORT_FORMATS = ['json', 'md', 'html', 'yjs'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One import: the content as received (text, or bytes for `yjs`), and an optional title. */
export interface ImportJob {
  format: ImportFormat;
  /** ProseMirror JSON as text, Markdown or HTML; for `yjs`, the update's bytes. */
  content: string | Uint8Array;
  title?: string;
}

/**
 * Builds the Yjs state of a new document from untrusted import content: parses it, fills a staged
 * Y.Doc and encodes it. This is the code the import sandbox runs off the event loop; what comes
 * out is an update our own code encoded. Throws ImportError for content that cannot be imported.
 */
export async function buildImportState(job: ImportJob): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const { format, content } = job;
  if (format === 'yjs') {
    if (!(content instanceof Uint8Array)) throw new ImportError('yjs content must be bytes');
    try {
      Y.applyUpdate(doc, content);
    } catch {
      throw new ImportError('body is not a Yjs update');
    }
    if (doc.store.pendingStructs || doc.store.pendingDs) throw new ImportError('the Yjs update depends on changes it does not hold');
  } else {
    if (typeof content !== 'string') throw new ImportError(`${format} content must be a string`);
    if (format === 'json') {
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        throw new ImportError('body must be ProseMirror JSON');
      }
      fillFromProseMirrorJSON(doc, json);
    } else {
      fillFromProseMirrorJSON(doc, format === 'md' ? markdownToProseMirrorJSON(content) : await htmlToProseMirrorJSON(content));
    }
  }
  if (job.title !== undefined) setTitle(doc, job.title);
  return Y.encodeStateAsUpdate(doc);
}
