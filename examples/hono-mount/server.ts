/**
 * Tandem mounted into an existing Hono app under `/collab`: the host's own routes stay its own,
 * Tandem answers `/collab/sync/<doc>` (WebSocket), `/collab/api/...` and `/collab/healthz`.
 *
 *   AUTH_SECRET=... ALLOWED_ORIGINS=https://app.example DATA_DIR=./data node server.ts
 *
 * Configuration is the server's own (README, "Configuration"), read here from the environment.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTandem } from '@tandem/server';

const tandem = await createTandem({ basePath: '/collab', env: process.env });

const app = new Hono();
app.get('/', (c) => c.text('the host app: its own pages, with Tandem under /collab'));
app.route('/', tandem.app); // the base path is already in tandem.app's routes

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1', serverOptions: tandem.serverOptions },
  (info) => console.log(JSON.stringify({ event: 'example.listening', port: info.port })),
);
// WebSocket upgrades never reach Hono: give Tandem its own, refuse (or handle) the others.
server.on('upgrade', (request, socket, head) => {
  if (tandem.handlesUpgrade(request)) tandem.upgrade(request, socket, head);
  else socket.destroy();
});

// Stop cleanly: sockets close with 1001 (clients reconnect), pending edits are stored.
process.once('SIGTERM', () => {
  server.close();
  void tandem.close().then(() => process.exit(0));
});
