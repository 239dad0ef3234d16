import type * as Y from 'yjs';
import { META_MAP } from './title.js';

/**
 * Key of the meta map the server sets on every version restore (`{ version, at }`). A restore is
 * an undo boundary: undoing typing from before it would delete the text the restore put back, so
 * every editor clears its undo history when it sees this key change.
 */
export const RESTORED_KEY = 'restored';

/** Calls `onRestore` whenever a restore reaches `doc` (from the server); returns the unsubscribe function. */
export function observeRestores(doc: Y.Doc, onRestore: () => void): () => void {
  const map = doc.getMap(META_MAP);
  const onChange = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(RESTORED_KEY)) onRestore();
  };
  map.observe(onChange);
  return () => map.unobserve(onChange);
}
