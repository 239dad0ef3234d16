// Import rules, checked by `pnpm lint:imports` (part of `pnpm test`): no cycles, another package
// only through what its package.json exports, and a sync core without a web framework.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

/** Every file a workspace package exports (its `source` targets), as path patterns. */
function publicEntries() {
  const entries = [];
  for (const root of ['packages', 'apps']) {
    for (const name of readdirSync(root)) {
      const manifest = join(root, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const { exports = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
      for (const target of Object.values(typeof exports === 'string' ? { '.': exports } : exports)) {
        const file = typeof target === 'string' ? target : (target.source ?? target.default);
        if (file) entries.push(`^${root}/${name}/${file.replace(/^\.\//, '').replace(/[.]/g, '\\.')}$`);
      }
    }
  }
  return entries;
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order and ownership unclear: give the shared piece its own module.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'packages-through-public-entry',
      severity: 'error',
      comment: "Another package (or app) is used only through what its package.json exports (its index.ts, its named subpaths).",
      from: { path: '^((?:packages|apps)/[^/]+|tests|bench)/' },
      to: { path: '^(packages|apps)/[^/]+/', pathNot: ['^$1/', '\\.d\\.ts$', ...publicEntries()] }, // ambient declarations are not code
    },
    {
      name: 'sync-imports-no-framework',
      severity: 'error',
      comment: 'packages/sync is the framework-free core: it takes a WebSocket-like object and a DocStore.',
      from: { path: '^packages/sync/src/' },
      to: { path: '(^|node_modules/)(hono|@hono/[^/]+|ws|express|fastify|koa|prosemirror-[^/]+|y-prosemirror|better-sqlite3|pg|ioredis)(/|$)' },
    },
    {
      name: 'server-tree-without-editor',
      severity: 'error',
      comment: "The server's packages read documents through @tandem/document; the browser editor stays out of their tree.",
      from: { path: '^(apps/server|packages/(?!editor/|react/)[^/]+)/src/' },
      to: { path: '^packages/editor/' },
    },
    {
      name: 'document-contract-is-pure',
      severity: 'error',
      comment: '@tandem/document holds the schema and names only: prosemirror-model and yjs, no DOM or editor library.',
      from: { path: '^packages/document/src/', pathNot: ['\\.test\\.ts$', '^packages/document/src/formats/'] },
      to: { pathNot: ['^packages/document/src/', '(^|node_modules/)(prosemirror-model|yjs|vitest|@vitest/[^/]+)(/|$)'] },
    },
    {
      name: 'document-formats-parse-only',
      severity: 'error',
      comment: "@tandem/document/formats (Markdown/HTML to and from ProseMirror JSON) adds only the Markdown parser; DOM input comes from the caller.",
      from: { path: '^packages/document/src/formats/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^packages/document/src/', '(^|node_modules/)(prosemirror-model|prosemirror-markdown|markdown-it|yjs)(/|$)'] },
    },
    {
      name: 'server-loads-s3-lazily',
      severity: 'error',
      comment: "The S3 store's SDK is about 5 MB of heap that a server without S3_BUCKET never uses: the server imports it only dynamically, when configured.",
      from: { path: '^apps/server/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/blob-store/src/s3-store\\.ts$', dependencyTypesNot: ['dynamic-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage|\\.turbo)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      conditionNames: ['source', 'import', 'types', 'node', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.js', '.mjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
