/**
 * Styles of tables, images and attachments (scoped under `.tandem-editor` like the rest),
 * including prosemirror-tables' selected cells and column resize handles.
 */
export const richCss = `
.tandem-editor .tandem-rich-toolbar { flex: 0 1 auto; }
.tandem-editor .tandem-rich-toolbar .tandem-button[hidden] { display: none; }
.tandem-editor .tandem-text-icon { font-size: 0.75rem; font-weight: 600; white-space: nowrap; padding: 0 0.125rem; }
.tandem-editor .tandem-upload-error { color: #b42318; font-size: 0.8125rem; }
.tandem-editor .ProseMirror .tableWrapper { overflow-x: auto; margin: 1em 0; }
.tandem-editor .ProseMirror table { border-collapse: collapse; table-layout: fixed; width: 100%; overflow: hidden; }
.tandem-editor .ProseMirror td, .tandem-editor .ProseMirror th {
  vertical-align: top; box-sizing: border-box; position: relative; min-width: 3em;
  border: 1px solid var(--t-border); padding: 0.375rem 0.5rem;
}
.tandem-editor .ProseMirror th { background: var(--t-toolbar-bg); font-weight: 600; text-align: left; }
.tandem-editor .ProseMirror td > p, .tandem-editor .ProseMirror th > p { margin: 0; }
.tandem-editor .ProseMirror .column-resize-handle { position: absolute; right: -2px; top: 0; bottom: -2px; width: 4px; background: var(--t-accent); pointer-events: none; z-index: 20; }
.tandem-editor .ProseMirror.resize-cursor { cursor: col-resize; }
.tandem-editor .ProseMirror .selectedCell::after { content: ""; position: absolute; inset: 0; background: var(--t-accent-soft); opacity: 0.6; pointer-events: none; z-index: 2; }
.tandem-editor .ProseMirror figure.tandem-image { margin: 1em 0; text-align: center; position: relative; }
.tandem-editor .ProseMirror figure.tandem-image img { max-width: 100%; height: auto; border-radius: 4px; }
.tandem-editor .ProseMirror figure.tandem-image[data-state="uploading"] img { opacity: 0.6; }
.tandem-editor .ProseMirror figure.tandem-image figcaption { color: var(--t-muted); font-size: 0.875em; margin-top: 0.375em; }
.tandem-editor .ProseMirror figure.tandem-image.ProseMirror-selectednode img { outline: 2px solid var(--t-accent); outline-offset: 2px; }
.tandem-editor .tandem-image-note { display: block; color: var(--t-muted); font-size: 0.875em; padding: 1.5em; border: 1px dashed var(--t-border); border-radius: 4px; }
.tandem-editor .tandem-image-note:empty { display: none; }
.tandem-editor .tandem-image-tools { display: flex; flex-wrap: wrap; gap: 0.375rem; justify-content: center; align-items: center; margin-top: 0.5rem; font: 0.8125rem var(--t-font); }
.tandem-editor .tandem-image-tools[hidden] { display: none; }
.tandem-editor .tandem-image-tools input { font: inherit; padding: 0.25rem 0.5rem; border: 1px solid var(--t-border); border-radius: 4px; min-width: 12rem; }
.tandem-editor .ProseMirror .tandem-attachment {
  display: flex; align-items: center; gap: 0.5rem; margin: 0.75em 0; padding: 0.5rem 0.75rem;
  border: 1px solid var(--t-border); border-radius: 6px; background: var(--t-toolbar-bg);
}
.tandem-editor .ProseMirror .tandem-attachment.ProseMirror-selectednode { outline: 2px solid var(--t-accent); }
.tandem-editor .tandem-attachment-icon svg { width: 1.25rem; height: 1.25rem; fill: none; stroke: var(--t-muted); stroke-width: 2; stroke-linejoin: round; display: block; }
.tandem-editor .tandem-attachment a { font-weight: 500; color: var(--t-accent); text-decoration: none; }
.tandem-editor .tandem-attachment a[href]:hover { text-decoration: underline; }
.tandem-editor .tandem-attachment-meta { color: var(--t-muted); font-size: 0.875em; }
`;
