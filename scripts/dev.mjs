#!/usr/bin/env node
// `pnpm dev`: the Tandem server (built once, on PORT, default 1234) plus the Vite dev server of the
// web app (WEB_PORT, default 5173) with hot reload of apps/web and packages/editor; Vite proxies
// /sync (WebSocket), /api, /healthz, /embed.js and /embed-demo to the Tandem server.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '1234';
const children = [
  spawn(process.execPath, ['apps/server/dist/main.js'], { stdio: 'inherit', env: { ...process.env, PORT: port } }),
  spawn('pnpm', ['--filter', '@tandem/web', 'exec', 'vite'], {
    stdio: 'inherit',
    env: { ...process.env, TANDEM_SERVER: `http://127.0.0.1:${port}` },
  }),
];
const stop = (code = 0) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
