/**
 * @tandem/history: the document lifecycle on the server: automatic and named versions, restoring
 * a version as a new change, and the shape of a Tandem document inside its Y.Doc.
 */
export { CONTENT_FRAGMENT, META_MAP, TITLE_KEY } from './doc-shape.js';
export { replaceContent, docFromState } from './replace-content.js';
export { createVersionKeeper, type VersionKeeper, type VersionKeeperOptions } from './version-keeper.js';
export { restoreVersion, type RestoreResult } from './restore.js';
export { trashGuard, trashDoc, createTrashPurger, type TrashPurgerOptions } from './trash.js';
export { toProseMirrorJSON, toPlainText, titleOf, type PMNodeJSON } from './formats.js';
export { fillFromProseMirrorJSON, ImportError, MAX_IMPORT_DEPTH } from './import-json.js';
export { toHTML, toHTMLPage, safeHref, toMarkdown, markdownToProseMirrorJSON, htmlNestingDepth, MAX_IMPORT_CHARS, MAX_HTML_NESTING } from '@tandem/editor/formats';
export { htmlToProseMirrorJSON } from './import-text.js';
export { buildImportState, IMPORT_FORMATS, type ImportFormat, type ImportJob } from './import-build.js';
export { createImportSandbox, type ImportSandbox, type ImportSandboxOptions } from './import-sandbox.js';
export { parseFileUrl, referencedFiles } from './file-refs.js';
export type { ExportOptions } from '@tandem/editor/formats';
