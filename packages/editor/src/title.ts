/** The shared title helpers, from their home in @tandem/document (re-exported by the editor's API). */
export { getTitle, setTitle, observeTitle, META_MAP, TITLE_KEY } from '@tandem/document';
