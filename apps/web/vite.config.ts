import { defaultClientConditions, defineConfig } from 'vite';

const server = process.env.TANDEM_SERVER ?? 'http://127.0.0.1:1234';

/**
 * The web app. `vite` (pnpm dev) serves it with hot reload and proxies the sync socket and the API
 * to a Tandem server (TANDEM_SERVER, default http://127.0.0.1:1234); `vite build` writes dist/,
 * which that server serves itself.
 */
export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: {
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true },
      '/api': server,
      '/healthz': server,
      '/embed.js': server,
      '/embed-demo': server,
    },
  },
});
