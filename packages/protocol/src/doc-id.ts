/** Characters and length a document id may have: 1-128 of `[A-Za-z0-9._-]`, and not only dots. */
export const DOC_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** True when `id` is a valid document id (safe as a key, a file name or a URL segment). */
export function isValidDocId(id: string): boolean {
  return DOC_ID_PATTERN.test(id);
}
