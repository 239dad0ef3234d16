import type * as Y from 'yjs';
import { META_MAP, RESTORED_KEY } from '@tandem/document';

/**
 * The meta map key the server sets on every version restore (from @tandem/document). A restore
 * is an undo boundary: undoing typing from before it would delete the text the restore put back,
 * so every editor clears its undo history when it sees this key change.
 */
export { RESTORED_KEY };

/** Calls `onRestore` whenever a restore reaches `doc` (from the server); returns the unsubscribe function. */
export function observeRestores(doc: Y.Doc, onRestore: () => void): () => void {
  const map = doc.getMap(META_MAP);
  const onChange = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(RESTORED_KEY)) onRestore();
  };
  map.observe(onChange);
  return () => map.unobserve(onChange);
}
