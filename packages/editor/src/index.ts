/** @tandem/editor: the collaborative Tandem editor, as a function and as a custom element. */
export { createEditor, FRAGMENT_NAME, type EditorOptions, type EditorHandle, type EditorChange } from './editor.js';
export {
  TandemEditorElement,
  defineTandemEditor,
  type TandemStatusEvent,
  type TandemChangeEvent,
  type TandemPresenceEvent,
  type TandemErrorEvent,
} from './element.js';
export { type ContentFormat, type ContentMethods } from './content-api.js';
export { EditorEvents, type ContentChange, type EditorError, type EditorEventMap, type EditorEventName } from './editor-events.js';
export { toMarkdown, toHTML, markdownToProseMirrorJSON, type PMNodeJSON } from '@tandem/document/formats';
export { schema, nodes, marks, safeHref } from './schema.js';
export { diffSchema, ychangeMark, type YChange } from './diff-schema.js';
export { createVersionDiff, countChanges, type VersionDiff, type VersionDiffOptions, type DiffCounts } from './version-diff.js';
export { buildInputRules } from './input-rules.js';
export { buildKeys, buildKeymaps } from './keymap.js';
export {
  isMarkActive,
  isBlockActive,
  findAncestor,
  toggleHeading,
  toggleCodeBlock,
  toggleBlockquote,
  toggleList,
  insertHorizontalRule,
  insertHardBreak,
  activeLink,
  setLink,
  setTaskChecked,
} from './commands.js';
export { createToolbar, defaultToolbarItems, type Toolbar, type ToolbarItem } from './toolbar.js';
export { createPresenceList, listPresence, type Presence } from './presence.js';
export { trackStatus, FINAL_STATES, type EditorStatus, type StatusState, type ConnectionStatus, type StatusTracker } from './status.js';
export { connectionPolicy, shouldReconnect, type TokenSource, type ConnectionPolicy } from './connection.js';
export { outboxSocketClass } from './outbox.js';
export { holdAnswerPieces, MAX_HELD_BYTES, MAX_HELD_MS, type HeldPieces } from './first-answer.js';
export { splitUpdate } from '@tandem/protocol/split-update';
export { observeRestores, RESTORED_KEY } from './restore-boundary.js';
export { storageIdentity, storageName } from './storage-key.js';
export { getTitle, setTitle, observeTitle, META_MAP, TITLE_KEY, TITLE_TEXT } from './title.js';
export { bindTitleInput, type TitleInputOptions } from './title-input.js';
export { syncUrl } from './sync-url.js';
export { colorFor, normalizeUser, initials, USER_COLORS, type EditorUser } from './user.js';
export { editorCss, adoptStyles } from './styles.js';
export { windowedTop } from './viewport-window.js';
export { anchorFromRange, rangeOfAnchor } from './comments/anchors.js';
export { commentHighlights, commentHighlightsKey, refreshHighlights, setActiveThread, type AnchoredThread, type ThreadRanges, type HighlightOptions } from './comments/highlights.js';
export { CommentsOutbox, type PendingChange, type OutboxTarget, type Refusal } from './comments/comments-outbox.js';
export { openComments, newCommentId, type CommentsOptions, type CommentsSession, type ShownThread } from './comments/comments-session.js';
