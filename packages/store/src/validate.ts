/** Document ids a store accepts: 1-128 of `[A-Za-z0-9._-]`, not only dots (as in @tandem/protocol). */
const DOC_ID = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** Throws RangeError for an id no store should hold; a store calls this before touching storage. */
export function assertDocId(docId: string): void {
  if (typeof docId !== 'string' || !DOC_ID.test(docId)) {
    throw new RangeError(`invalid document id: must be 1-128 characters of [A-Za-z0-9._-]`);
  }
}
