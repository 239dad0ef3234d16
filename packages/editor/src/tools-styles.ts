/**
 * Styles of the writing tools: the link bubble and the find and replace bar. Colours come from
 * the editor's custom properties, so a host's light and dark themes apply; the match highlights
 * are translucent to read on either background (`--tandem-find-match`, `--tandem-find-current`).
 */
export const toolsCss = `
.tandem-editor .tandem-surface { position: relative; }
.tandem-editor .tandem-link-bubble {
  position: absolute; z-index: 3; display: flex; flex-wrap: wrap; align-items: center; gap: 2px 0.25rem;
  max-width: calc(100% - 16px); padding: 0.25rem 0.25rem 0.25rem 0.625rem;
  background: var(--t-bg); color: var(--t-text); border: 1px solid var(--t-border); border-radius: var(--t-radius);
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.14); font: 0.8125rem/1.4 var(--t-font); cursor: default;
}
.tandem-editor .tandem-link-bubble[hidden], .tandem-editor .tandem-link-bubble [hidden] { display: none; }
.tandem-editor .tandem-link-bubble .tandem-button { height: 1.75rem; min-width: 0; padding: 0 0.5rem; font-size: 0.8125rem; text-decoration: none; }
.tandem-editor .tandem-link-url { min-width: 0; max-width: 20rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--t-muted); margin-right: 0.25rem; }
.tandem-editor .tandem-link-bubble.tandem-link-editing > :not(form):not(.tandem-link-error) { display: none; }
.tandem-editor .tandem-link-edit { display: flex; flex: 1 1 16rem; }
.tandem-editor .tandem-link-edit input, .tandem-editor .tandem-find-input {
  all: unset; box-sizing: border-box; flex: 1 1 auto; width: 0; min-width: 5rem; height: 1.875rem; padding: 0 0.5rem;
  border: 1px solid var(--t-border); border-radius: 6px; background: var(--t-bg);
  font: 0.875rem var(--t-font); color: var(--t-text);
}
.tandem-editor .tandem-link-edit input:focus, .tandem-editor .tandem-find-input:focus { border-color: var(--t-accent); }
.tandem-editor .tandem-link-edit input[aria-invalid="true"] { border-color: var(--tandem-error, #cf222e); }
.tandem-editor .tandem-link-error { flex-basis: 100%; color: var(--tandem-error, #cf222e); }
.tandem-editor .tandem-link-error:empty { display: none; }
.tandem-editor .tandem-find {
  flex: 1 0 100%; order: 10; min-width: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem;
  padding-top: 0.375rem; border-top: 1px solid var(--t-border);
}
.tandem-editor .tandem-find[hidden], .tandem-editor .tandem-find [hidden] { display: none; }
.tandem-editor .tandem-find-row, .tandem-editor .tandem-find-replace { display: flex; align-items: center; gap: 2px; flex: 1 1 18rem; min-width: 0; }
.tandem-editor .tandem-find-input { margin-right: 0.25rem; }
.tandem-editor .tandem-find-input::-webkit-search-cancel-button { display: none; }
.tandem-editor .tandem-find-count { min-width: 3.5rem; color: var(--t-muted); font-size: 0.8125rem; white-space: nowrap; text-align: right; margin-right: 0.25rem; }
.tandem-editor .tandem-find-count[data-empty="true"] { color: var(--tandem-error, #cf222e); }
.tandem-editor .tandem-find-case { font-size: 0.8125rem; }
.tandem-editor .ProseMirror .ProseMirror-search-match { background: var(--tandem-find-match, rgba(255, 208, 0, 0.38)); border-radius: 2px; }
.tandem-editor .ProseMirror .ProseMirror-active-search-match { background: var(--tandem-find-current, rgba(255, 128, 0, 0.55)); border-radius: 2px; outline: 1px solid rgba(255, 128, 0, 0.8); }
@media (max-width: 640px) {
  .tandem-editor .tandem-link-url { max-width: 45vw; }
  .tandem-editor .tandem-find { gap: 0.25rem; }
  .tandem-editor .tandem-find-row, .tandem-editor .tandem-find-replace { flex-basis: 100%; }
  .tandem-editor .tandem-find-input { font-size: 1rem; } /* iOS zooms into smaller fields */
}
`;
