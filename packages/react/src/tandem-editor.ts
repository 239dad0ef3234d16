import { createElement, type CSSProperties, forwardRef, useImperativeHandle } from 'react';
import type { EditorHandle } from '@tandem/editor';
import { type TandemEditorOptions, useTandemEditor } from './use-tandem-editor.js';

/** Props of `<TandemEditor>`: the editor's options and the host element's class and style. */
export interface TandemEditorProps extends TandemEditorOptions {
  className?: string;
  style?: CSSProperties;
}

/**
 * `<TandemEditor doc="id" server="https://docs.example.com" token={getToken} />`: the Tandem
 * editor as a React component. Its ref is the editor handle (getMarkdown, setContent, on, ...),
 * null until mounted. See `useTandemEditor` for what changes in place and what makes a new editor.
 */
export const TandemEditor = forwardRef<EditorHandle | null, TandemEditorProps>(function TandemEditor(props, forwarded) {
  const { className, style, ...options } = props;
  const { ref, editor } = useTandemEditor(options);
  useImperativeHandle(forwarded, () => editor as EditorHandle, [editor]);
  return createElement('div', { ref, className, style, 'data-tandem-doc': props.doc });
});
