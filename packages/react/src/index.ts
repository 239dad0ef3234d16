/** @tandem/react: the Tandem editor in React: `<TandemEditor>` and `useTandemEditor()`. */
export { TandemEditor, type TandemEditorProps } from './tandem-editor.js';
export { useTandemEditor, type TandemEditorOptions, type TandemEditorState } from './use-tandem-editor.js';
export type { EditorHandle, EditorStatus, ContentChange, EditorError, Presence, TokenSource } from '@tandem/editor';
