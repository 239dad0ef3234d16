import type * as Y from 'yjs';
import { MAX_TITLE_CHARS, META_MAP, TITLE_KEY } from './doc-shape.js';

/** The document's shared title ('' when none was set). */
export function getTitle(doc: Y.Doc): string {
  const title = doc.getMap(META_MAP).get(TITLE_KEY);
  return typeof title === 'string' ? title : '';
}

/** Sets the shared title for everyone (cut to MAX_TITLE_CHARS); a no-op when unchanged. */
export function setTitle(doc: Y.Doc, title: string): void {
  const next = title.slice(0, MAX_TITLE_CHARS);
  if (getTitle(doc) !== next) doc.getMap(META_MAP).set(TITLE_KEY, next);
}

/** Calls `listener` with the title whenever anyone changes it; returns the unsubscribe function. */
export function observeTitle(doc: Y.Doc, listener: (title: string) => void): () => void {
  const map = doc.getMap(META_MAP);
  const onChange = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(TITLE_KEY)) listener(getTitle(doc));
  };
  map.observe(onChange);
  return () => map.unobserve(onChange);
}
