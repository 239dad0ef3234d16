/**
 * @tandem/document: the document contract every part of Tandem shares: the document-id rule,
 * where content and title live in the Y.Doc, and the title helpers. The ProseMirror schema is
 * the `@tandem/document/schema` entry (it loads prosemirror-model; this entry loads nothing).
 * No DOM and no editor: the server, the stores and the sync core import it too.
 */
export { DOC_ID_PATTERN, DOC_ID_RULE, isValidDocId } from './doc-id.js';
export { CONTENT_FRAGMENT, META_MAP, TITLE_TEXT, TITLE_KEY, MAX_TITLE_CHARS, RESTORED_KEY } from './doc-shape.js';
export { getTitle, rawTitle, setTitle, observeTitle, titleText, migrateTitle, editTitle } from './title.js';
export { diffText, deltaOf, moveIndex, type TextEdit, type TextDelta } from './text-diff.js';
