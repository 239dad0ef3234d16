/**
 * The editor's stylesheet. Every rule is scoped under `.tandem-editor` so nothing leaks into the
 * host page; colours, fonts and sizes are CSS custom properties (`--tandem-*`) a host can override.
 */
import { richCss } from './rich-styles.js';
import { toolsCss } from './tools-styles.js';
import { viewportWindowCss } from './viewport-window.js';

const baseCss = `
.tandem-editor {
  --t-font: var(--tandem-font, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --t-font-mono: var(--tandem-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace);
  --t-text: var(--tandem-text, #1f2328);
  --t-muted: var(--tandem-muted, #656d76);
  --t-bg: var(--tandem-bg, #ffffff);
  --t-toolbar-bg: var(--tandem-toolbar-bg, #f8f9fa);
  --t-border: var(--tandem-border, #d8dee4);
  --t-accent: var(--tandem-accent, #2f6feb);
  --t-accent-soft: var(--tandem-accent-soft, #e7efff);
  --t-code-bg: var(--tandem-code-bg, #f3f4f6);
  --t-radius: var(--tandem-radius, 8px);
  --t-content-width: var(--tandem-content-width, 46rem);
  --t-font-size: var(--tandem-font-size, 1.0625rem);
  --t-min-height: var(--tandem-min-height, 16rem);
  all: initial;
  display: flex;
  flex-direction: column;
  box-sizing: border-box;
  min-width: 0;
  color: var(--t-text);
  background: var(--t-bg);
  font-family: var(--t-font);
  font-size: var(--t-font-size);
  line-height: 1.6;
  border: 1px solid var(--t-border);
  border-radius: var(--t-radius);
  text-align: left;
}
.tandem-editor *, .tandem-editor *::before, .tandem-editor *::after { box-sizing: border-box; }
.tandem-editor .tandem-bar {
  position: sticky; top: var(--tandem-bar-top, 0); z-index: 2;
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem;
  padding: 0.375rem 0.5rem;
  background: var(--t-toolbar-bg);
  border-bottom: 1px solid var(--t-border);
  border-radius: var(--t-radius) var(--t-radius) 0 0;
}
.tandem-editor .tandem-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 2px; flex: 1 1 auto; min-width: 0; }
.tandem-editor .tandem-toolbar .tandem-sep { width: 1px; height: 1.25rem; margin: 0 0.25rem; background: var(--t-border); }
.tandem-editor .tandem-button {
  all: unset; box-sizing: border-box; cursor: pointer;
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 2rem; height: 2rem; padding: 0 0.4rem;
  border-radius: 6px; color: var(--t-text);
  font: 600 0.875rem/1 var(--t-font);
}
.tandem-editor .tandem-button svg { width: 1.125rem; height: 1.125rem; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.tandem-editor .tandem-button:hover { background: var(--tandem-hover, rgba(0,0,0,0.06)); }
.tandem-editor .tandem-button:focus-visible { outline: 2px solid var(--t-accent); outline-offset: 1px; }
.tandem-editor .tandem-button[aria-pressed="true"] { background: var(--t-accent-soft); color: var(--t-accent); }
.tandem-editor .tandem-button:disabled { opacity: 0.4; cursor: default; background: none; }
.tandem-editor .tandem-link-form { display: flex; gap: 0.25rem; align-items: center; flex: 1 1 14rem; }
.tandem-editor .tandem-link-form[hidden] { display: none; }
.tandem-editor .tandem-toolbar[hidden], .tandem-editor .tandem-bar[hidden] { display: none; }
.tandem-editor .tandem-link-form input {
  all: unset; box-sizing: border-box; flex: 1; min-width: 8rem; height: 2rem; padding: 0 0.5rem;
  border: 1px solid var(--t-border); border-radius: 6px; background: var(--t-bg);
  font: 0.875rem var(--t-font); color: var(--t-text);
}
.tandem-editor .tandem-link-form input:focus { border-color: var(--t-accent); }
.tandem-editor .tandem-meta { display: flex; align-items: center; gap: 0.75rem; margin-left: auto; }
.tandem-editor .tandem-status { display: inline-flex; align-items: center; gap: 0.375rem; font-size: 0.8125rem; color: var(--t-muted); white-space: nowrap; }
.tandem-editor .tandem-word-count { color: var(--t-muted); font-size: 0.8125rem; white-space: nowrap; }
.tandem-editor .tandem-status::before { content: ""; width: 0.5rem; height: 0.5rem; border-radius: 50%; background: #9ca3af; }
.tandem-editor .tandem-status[data-state="saved"]::before { background: #2da44e; }
.tandem-editor .tandem-status[data-state="saving"]::before { background: #d29922; }
.tandem-editor .tandem-status[data-state="offline"]::before { background: #cf222e; }
.tandem-editor .tandem-status:is([data-state="no-access"], [data-state="signed-out"], [data-state="token-expired"], [data-state="deleted"], [data-state="too-large"]) { color: var(--tandem-error, #cf222e); font-weight: 600; }
.tandem-editor .tandem-status:is([data-state="no-access"], [data-state="signed-out"], [data-state="token-expired"], [data-state="deleted"], [data-state="too-large"])::before { background: var(--tandem-error, #cf222e); }
.tandem-editor .tandem-presence { display: flex; list-style: none; margin: 0; padding: 0; }
.tandem-editor .tandem-avatar {
  display: inline-flex; align-items: center; justify-content: center;
  width: 1.75rem; height: 1.75rem; margin-left: -0.375rem; border-radius: 50%;
  background: var(--tandem-user-color); color: #fff; border: 2px solid var(--t-toolbar-bg);
  font: 700 0.6875rem/1 var(--t-font); letter-spacing: 0.02em; cursor: default;
}
.tandem-editor .tandem-avatar:first-child { margin-left: 0; }
.tandem-editor .tandem-surface { flex: 1; display: flex; justify-content: center; padding: 1.5rem 1.25rem 3rem; cursor: text; }
.tandem-editor .ProseMirror {
  position: relative; width: 100%; max-width: var(--t-content-width); min-height: var(--t-min-height);
  outline: none; white-space: pre-wrap; word-wrap: break-word; overflow-wrap: anywhere;
  -webkit-font-variant-ligatures: none; font-variant-ligatures: none; font-feature-settings: "liga" 0;
}
.tandem-editor .ProseMirror > :first-child { margin-top: 0; }
/* Each block is its own layout and style scope, so typing in one does not lay out the others (a
   5,000-block document). Not content-visibility: Chromium then misplaces the caret after Enter
   in skipped blocks, and its per-block intersection checks cost more than they save. Far blocks
   of a large document are taken out of layout instead (viewport-window.ts). */
.tandem-editor .ProseMirror > * { contain: layout style; }
.tandem-editor .ProseMirror p { margin: 0 0 0.75em; }
.tandem-editor .ProseMirror h1, .tandem-editor .ProseMirror h2, .tandem-editor .ProseMirror h3 { line-height: 1.25; font-weight: 700; margin: 1.4em 0 0.5em; }
.tandem-editor .ProseMirror h1 { font-size: 2em; letter-spacing: -0.01em; }
.tandem-editor .ProseMirror h2 { font-size: 1.5em; }
.tandem-editor .ProseMirror h3 { font-size: 1.2em; }
.tandem-editor .ProseMirror a { color: var(--t-accent); text-decoration: underline; text-underline-offset: 2px; }
.tandem-editor .ProseMirror code { font-family: var(--t-font-mono); font-size: 0.875em; background: var(--t-code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
.tandem-editor .ProseMirror pre { font-family: var(--t-font-mono); font-size: 0.875em; line-height: 1.5; background: var(--t-code-bg); padding: 0.875em 1em; border-radius: 6px; overflow-x: auto; white-space: pre; margin: 0 0 1em; }
.tandem-editor .ProseMirror pre code { background: none; padding: 0; font-size: inherit; }
.tandem-editor .ProseMirror blockquote { margin: 0 0 1em; padding: 0 0 0 1em; border-left: 3px solid var(--t-border); color: var(--t-muted); }
.tandem-editor .ProseMirror ul, .tandem-editor .ProseMirror ol { margin: 0 0 0.75em; padding-left: 1.6em; }
.tandem-editor .ProseMirror li { margin: 0.15em 0; }
.tandem-editor .ProseMirror li > p { margin: 0; }
.tandem-editor .ProseMirror ul[data-task-list] { list-style: none; padding-left: 0.25em; }
.tandem-editor .ProseMirror li[data-task-item] { display: flex; align-items: flex-start; gap: 0.5em; }
.tandem-editor .ProseMirror li[data-task-item] > label { flex: none; display: flex; align-items: center; height: 1.6em; user-select: none; }
.tandem-editor .ProseMirror li[data-task-item] > label input { width: 1em; height: 1em; margin: 0; accent-color: var(--t-accent); cursor: pointer; }
.tandem-editor .ProseMirror li[data-task-item] > div { flex: 1; min-width: 0; }
.tandem-editor .ProseMirror li[data-task-item][data-checked="true"] > div { color: var(--t-muted); text-decoration: line-through; }
.tandem-editor .ProseMirror hr { border: none; border-top: 2px solid var(--t-border); margin: 1.5em 0; }
.tandem-editor .ProseMirror hr.ProseMirror-selectednode { border-top-color: var(--t-accent); }
.tandem-editor .ProseMirror[contenteditable="false"] { cursor: default; }
.tandem-editor .ProseMirror-hideselection *::selection { background: transparent; }
.tandem-editor .ProseMirror-gapcursor { display: none; }
.tandem-editor .ProseMirror .tandem-placeholder::before { content: attr(data-placeholder); color: var(--t-muted); opacity: 0.7; pointer-events: none; position: absolute; }
.tandem-editor .tandem-cursor {
  position: relative; margin-left: -1px; margin-right: -1px;
  border-left: 2px solid var(--tandem-user-color); word-break: normal; pointer-events: none;
}
.tandem-editor .tandem-cursor-label {
  position: absolute; left: -2px; bottom: 100%; transform: translateY(-1px);
  padding: 1px 6px; border-radius: 4px 4px 4px 0; white-space: nowrap; user-select: none;
  background: var(--tandem-user-color); color: #fff;
  font: 600 0.6875rem/1.4 var(--t-font); font-style: normal; text-decoration: none; letter-spacing: normal;
}
.tandem-editor ins[data-ychange="added"] { text-decoration: underline 2px var(--tandem-added, #1a7f37); text-underline-offset: 3px; background: var(--tandem-added-bg, #dafbe1); color: inherit; }
.tandem-editor del[data-ychange="removed"] { text-decoration: line-through 2px var(--tandem-removed, #cf222e); background: var(--tandem-removed-bg, #ffebe9); color: var(--tandem-removed, #cf222e); }
.tandem-editor .ProseMirror [data-ychange="added"]:not(ins) { box-shadow: inset 3px 0 0 var(--tandem-added, #1a7f37); padding-left: 0.625em; }
.tandem-editor .ProseMirror [data-ychange="removed"]:not(del) { box-shadow: inset 3px 0 0 var(--tandem-removed, #cf222e); padding-left: 0.625em; }
.tandem-editor .ProseMirror hr[data-ychange="added"] { border-top-color: var(--tandem-added, #1a7f37); }
.tandem-editor .ProseMirror hr[data-ychange="removed"] { border-top-color: var(--tandem-removed, #cf222e); border-top-style: dashed; }
.tandem-editor .tandem-selection { background-color: color-mix(in srgb, var(--tandem-user-color) 22%, transparent); }
@media (max-width: 640px) {
  .tandem-editor { --t-font-size: var(--tandem-font-size, 1rem); }
  .tandem-editor .tandem-bar { padding: 0.25rem; }
  .tandem-editor .tandem-toolbar { gap: 0; }
  .tandem-editor .tandem-toolbar .tandem-sep { display: none; }
  .tandem-editor .tandem-button { min-width: 2.125rem; }
  .tandem-editor .tandem-meta { width: 100%; justify-content: space-between; margin-left: 0; padding: 0 0.25rem; }
  .tandem-editor .tandem-surface { padding: 1rem 0.875rem 2rem; }
}
`;

/** The whole stylesheet: the base rules, then tables, images and attachments, the link bubble and find bar, the large-document window. */
export const editorCss = baseCss + richCss + toolsCss + viewportWindowCss;

const styleRefs = new WeakMap<Document | ShadowRoot, { element: HTMLStyleElement; count: number }>();

/**
 * Adds the editor's stylesheet to `root` (the document, or the shadow root the editor lives in)
 * once, however many editors share it; the returned function releases this editor's claim and
 * removes the sheet with the last one.
 */
export function adoptStyles(root: Document | ShadowRoot): () => void {
  let ref = styleRefs.get(root);
  if (!ref) {
    const isDocument = root.nodeType === 9; // DOCUMENT_NODE (instanceof fails across realms)
    const doc = isDocument ? (root as Document) : (root as ShadowRoot).ownerDocument;
    const element = doc.createElement('style');
    element.setAttribute('data-tandem-editor', '');
    element.textContent = editorCss;
    if (isDocument) (root as Document).head.append(element);
    else root.prepend(element);
    ref = { element, count: 0 };
    styleRefs.set(root, ref);
  }
  ref.count++;
  let released = false;
  return () => {
    if (released || !ref) return;
    released = true;
    if (--ref.count === 0) {
      ref.element.remove();
      styleRefs.delete(root);
    }
  };
}
