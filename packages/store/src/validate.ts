import { DOC_ID_RULE, isValidDocId } from '@tandem/document';

/** Throws RangeError for an id no store should hold; a store calls this before touching storage. */
export function assertDocId(docId: string): void {
  if (typeof docId !== 'string' || !isValidDocId(docId)) {
    throw new RangeError(`invalid document id: must be ${DOC_ID_RULE}`);
  }
}
