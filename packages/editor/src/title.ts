/** The shared title helpers, from their home in @tandem/document (re-exported by the editor's API). */
export { getTitle, setTitle, observeTitle, META_MAP, TITLE_KEY, TITLE_TEXT } from '@tandem/document';
