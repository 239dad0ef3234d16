import { isValidDocId } from '@tandem/protocol';

/** Throws RangeError for an id no store should hold; a store calls this before touching storage. */
export function assertDocId(docId: string): void {
  if (typeof docId !== 'string' || !isValidDocId(docId)) {
    throw new RangeError(`invalid document id: must be 1-128 characters of [A-Za-z0-9._-]`);
  }
}
