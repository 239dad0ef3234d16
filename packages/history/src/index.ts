/**
 * @tandem/history: the document lifecycle on the server: automatic and named versions, restoring
 * a version as a new change, trash, import and export. The document's shape (schema, names) is
 * @tandem/document's.
 */
export { replaceContent, docFromState } from './replace-content.js';
export { createVersionKeeper, type VersionKeeper, type VersionKeeperOptions } from './version-keeper.js';
export { restoreVersion, type RestoreResult } from './restore.js';
export { trashGuard, trashDoc, createTrashPurger, type TrashPurgerOptions } from './trash.js';
export { toProseMirrorJSON, toPlainText, type PMNodeJSON } from './formats.js';
export { fillFromProseMirrorJSON, ImportError, MAX_IMPORT_DEPTH } from './import-json.js';
export { toHTML, toHTMLPage } from './html.js';
export { toMarkdown } from './markdown.js';
export { markdownToProseMirrorJSON, htmlToProseMirrorJSON, htmlNestingDepth, MAX_IMPORT_CHARS, MAX_HTML_NESTING } from './import-text.js';
export { buildImportState, IMPORT_FORMATS, type ImportFormat, type ImportJob } from './import-build.js';
export { createImportSandbox, type ImportSandbox, type ImportSandboxOptions } from './import-sandbox.js';
export { parseFileUrl, referencedFiles } from './file-refs.js';
export type { ExportOptions } from './export-rich.js';
