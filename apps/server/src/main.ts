#!/usr/bin/env node
/** The server entry (`node dist/main.js`, what `pnpm start` runs): the same as `tandem serve`. */
import { runServe } from './serve.js';

await runServe(process.env);
