import { checkHtml, domToProseMirrorJSON, type PMNodeJSON } from '@tandem/document/formats';

/**
 * Parses HTML into ProseMirror JSON of a Tandem document on the server: the text is parsed inert
 * in happy-dom (a `<template>`: no script, no resource loads), refused when it nests deeper than
 * MAX_HTML_NESTING, and the DOM window's teardown is awaited inside the guard. Servers run it in
 * the import sandbox (import-sandbox.ts), never on their event loop.
 */
export async function htmlToProseMirrorJSON(html: string): Promise<PMNodeJSON> {
  checkHtml(html);
  // happy-dom takes ~0.4 s to load: loaded on the first HTML import, not at server start-up
  const { Window } = await import('happy-dom');
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  });
  try {
    const template = window.document.createElement('template');
    template.innerHTML = html;
    return domToProseMirrorJSON(template.content);
  } finally {
    await window.happyDOM.close().catch(() => {});
  }
}
