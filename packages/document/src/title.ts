import type * as Y from 'yjs';
import { MAX_TITLE_CHARS, META_MAP, TITLE_KEY, TITLE_TEXT } from './doc-shape.js';
import { diffText, type TextEdit } from './text-diff.js';

/**
 * The document title: a shared text (TITLE_TEXT), so people typing in it at once keep each
 * other's characters. Documents from before keep a plain string in the meta map (TITLE_KEY)
 * until their first title edit moves it into the text (migrateTitle).
 */

/** The title's shared text (for editor bindings; read the title with getTitle). */
export function titleText(doc: Y.Doc): Y.Text {
  return doc.getText(TITLE_TEXT);
}

const legacyTitle = (doc: Y.Doc): string | undefined => {
  const value = doc.getMap(META_MAP).get(TITLE_KEY);
  return typeof value === 'string' ? value.slice(0, MAX_TITLE_CHARS) : undefined;
};

/**
 * The whole title as stored, not cut: the shared text, or the legacy string while the text is
 * empty and one exists. Bindings use it (its indices are the text's); readers use getTitle.
 */
export function rawTitle(doc: Y.Doc): string {
  const text = titleText(doc);
  return text.length > 0 ? text.toString() : (legacyTitle(doc) ?? '');
}

/** The document's shared title ('' when none was set), at most MAX_TITLE_CHARS characters. */
export function getTitle(doc: Y.Doc): string {
  return rawTitle(doc).slice(0, MAX_TITLE_CHARS);
}

/** A 32-bit client id that depends only on the legacy title (FNV-1a), never 0. */
const migrationClient = (title: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < title.length; i++) hash = Math.imul(hash ^ title.charCodeAt(i), 0x01000193) >>> 0;
  return hash || 1;
};

/**
 * Moves a legacy title (meta-map string) into the shared text, once; a no-op for documents
 * without one. editTitle and setTitle call it first. The copy is written as if by a client
 * whose id depends only on the legacy string (its clock is 0 in every replica that has not seen
 * it), so two people migrating the same document at once, or one migrating again offline,
 * produce the very same Yjs item and every replica keeps it once: the title is never doubled,
 * even when one of them then edits or clears it. The legacy key is deleted in the same
 * transaction, so a cleared title stays cleared.
 */
export function migrateTitle(doc: Y.Doc, origin: unknown = null): void {
  const legacy = legacyTitle(doc);
  if (legacy === undefined) return;
  doc.transact(() => {
    const text = titleText(doc);
    if (text.length === 0 && legacy !== '') {
      const shared = migrationClient(legacy);
      // that id wrote here already (this title was migrated, cleared, and set again by an old
      // client): write under our own id rather than reuse the shared one's later clocks
      if (doc.store.clients.has(shared)) text.insert(0, legacy);
      else {
        // a local insert (applyUpdate would mark the whole transaction remote)
        const own = doc.clientID;
        doc.clientID = shared;
        try {
          text.insert(0, legacy);
        } finally {
          doc.clientID = own;
        }
      }
    }
    doc.getMap(META_MAP).delete(TITLE_KEY);
  }, origin);
}

/**
 * Applies one replacement to the title's text (migrating a legacy title first), keeping the
 * title within MAX_TITLE_CHARS: the inserted text is cut to fit. `origin` tags the transaction
 * (bindings use it to tell their own changes from others').
 */
export function editTitle(doc: Y.Doc, edit: TextEdit, origin: unknown = null): void {
  doc.transact(() => {
    migrateTitle(doc, origin);
    const text = titleText(doc);
    const index = Math.min(edit.index, text.length);
    const remove = Math.min(edit.remove, text.length - index);
    const room = Math.max(0, MAX_TITLE_CHARS - (text.length - remove));
    const insert = edit.insert.slice(0, room);
    if (remove > 0) text.delete(index, remove);
    if (insert) text.insert(index, insert);
  }, origin);
}

/**
 * Sets the shared title for everyone (cut to MAX_TITLE_CHARS); a no-op when unchanged. Only the
 * characters that differ are replaced (common start and end kept), so a rename merges with
 * people typing in the title at the same time.
 */
export function setTitle(doc: Y.Doc, title: string, origin: unknown = null): void {
  const next = title.slice(0, MAX_TITLE_CHARS);
  if (getTitle(doc) === next && titleText(doc).length <= MAX_TITLE_CHARS) return;
  doc.transact(() => {
    migrateTitle(doc, origin);
    const edit = diffText(titleText(doc).toString(), next);
    if (edit) editTitle(doc, edit, origin);
  }, origin);
}

/** Calls `listener` with the title whenever anyone changes it; returns the unsubscribe function. */
export function observeTitle(doc: Y.Doc, listener: (title: string) => void): () => void {
  const text = titleText(doc) as unknown as Y.AbstractType<Y.YEvent<Y.Text>>;
  const map = doc.getMap(META_MAP) as unknown as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>;
  let last = getTitle(doc);
  const onTransaction = (transaction: Y.Transaction) => {
    if (!transaction.changed.has(text) && !transaction.changed.get(map)?.has(TITLE_KEY)) return;
    const now = getTitle(doc);
    if (now === last) return;
    last = now;
    listener(now);
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}
