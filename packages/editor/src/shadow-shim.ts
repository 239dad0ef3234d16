/**
 * Lets y-prosemirror run inside a shadow root. Its sync plugin calls `root.createRange()` and
 * `root.getSelection()` on the view's root, which a ShadowRoot lacks (createRange everywhere,
 * getSelection outside Chromium); without them every remote update throws and is dropped. The
 * missing methods are added to this one shadow root only, delegating to its document.
 */
export function shimShadowRoot(shadow: ShadowRoot): void {
  const doc = shadow.ownerDocument;
  const target = shadow as ShadowRoot & { createRange?: () => Range; getSelection?: () => Selection | null };
  if (typeof target.createRange !== 'function') target.createRange = () => doc.createRange();
  if (typeof target.getSelection !== 'function') target.getSelection = () => doc.getSelection();
}
