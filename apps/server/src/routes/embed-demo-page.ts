const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The `/embed-demo` page: a plain HTML page embedding the editor with one script and one element. */
export function embedDemoPage(docId: string): string {
  const doc = escape(docId);
  const snippet = escape(`<script type="module" src="ORIGIN/embed.js"></script>
<tandem-editor doc="${docId}" user-name="Guest"></tandem-editor>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Embed demo · Tandem</title>
<style>
  body { margin: 0; font: 16px/1.6 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #f6f7f9; }
  main { max-width: 52rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
  h1 { font-size: 1.75rem; margin: 0 0 0.5rem; letter-spacing: -0.01em; }
  p { color: #656d76; margin: 0 0 1.25rem; }
  pre { background: #1f2328; color: #e6edf3; padding: 1rem 1.25rem; border-radius: 8px; overflow-x: auto; font-size: 0.875rem; margin: 0 0 1.75rem; }
  tandem-editor { --tandem-min-height: 14rem; background: #fff; border-radius: 8px; }
</style>
</head>
<body>
<main>
  <h1>Embed the Tandem editor</h1>
  <p>This page is plain HTML. One script tag and one element give it a collaborative editor; open it in two windows to see edits and cursors travel. Document: <code>${doc}</code>.</p>
  <pre><code id="snippet">${snippet}</code></pre>
  <tandem-editor doc="${doc}" user-name="Guest"></tandem-editor>
</main>
<script type="module" src="/embed.js"></script>
<script>document.getElementById('snippet').textContent = document.getElementById('snippet').textContent.replace('ORIGIN', location.origin);</script>
</body>
</html>`;
}
