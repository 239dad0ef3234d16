/** Characters and length a document id may have: 1-128 of `[A-Za-z0-9._-]`, and not only dots. */
export const DOC_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** The rule in words, for error messages. */
export const DOC_ID_RULE = '1-128 characters of [A-Za-z0-9._-], not only dots';

/**
 * True when `id` is a valid document id (safe as a key, a file name or a URL segment). The one
 * rule: the web app, the editor, the stores, the sync core and every server route use it.
 */
export function isValidDocId(id: string): boolean {
  return DOC_ID_PATTERN.test(id);
}
