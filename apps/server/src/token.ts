#!/usr/bin/env node
/** The `pnpm token` command: prints a document token signed with AUTH_SECRET (see auth/token-cli.ts). */
import { runTokenCli } from './auth/token-cli.js';

process.exitCode = await runTokenCli(
  process.argv.slice(2),
  process.env,
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`tandem token: ${line}\n`),
);
