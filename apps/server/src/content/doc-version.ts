import { createHash } from 'node:crypto';
import * as Y from 'yjs';

/**
 * A document's version for the REST content API: a hash of its Yjs snapshot (state vector and
 * delete set), so it changes with every insertion and every deletion, equal states give equal
 * versions on every node, and it needs no counter kept anywhere. 22 URL-safe characters.
 */
export function docVersion(doc: Y.Doc): string {
  return createHash('sha256').update(Y.encodeSnapshot(Y.snapshot(doc))).digest('base64url').slice(0, 22);
}

/** Thrown inside a change when the document is no longer at the version the caller based it on. */
export class StaleVersionError extends Error {
  constructor(readonly current: string) {
    super('the document changed since that version');
  }
}
