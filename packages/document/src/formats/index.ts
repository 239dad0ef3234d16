/**
 * @tandem/document/formats: a Tandem document's ProseMirror JSON to and from Markdown and HTML,
 * the same code in the browser (the editor's getMarkdown/setContent) and on the server (export,
 * import, the REST content API).
 */
export type { PMNodeJSON } from './pm-json.js';
export type { ExportOptions } from './export-rich.js';
export { toHTML, toHTMLPage } from './html.js';
export { toMarkdown } from './markdown.js';
export { ImportError, MAX_IMPORT_DEPTH } from './import-error.js';
export {
  markdownToProseMirrorJSON,
  domToProseMirrorJSON,
  checkHtml,
  htmlNestingDepth,
  MAX_IMPORT_CHARS,
  MAX_HTML_NESTING,
} from './import-text.js';
