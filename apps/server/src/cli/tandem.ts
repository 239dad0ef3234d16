#!/usr/bin/env node
/**
 * The `tandem` command, the bin of the @tandem/server package: `tandem serve`, `tandem token`,
 * `tandem backup`, `tandem migrate`, `tandem check-config` (cli/commands.ts). Exit 2 on wrong usage.
 */
import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { COMMANDS, usage } from './commands.js';

// Node caches the compiled code of every module it loads (in the OS temp folder, or
// NODE_COMPILE_CACHE): later starts skip most of the parsing.
enableCompileCache?.();

async function main(argv: string[]): Promise<number | void> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${manifest.version}\n`);
    return 0;
  }
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name === undefined ? '' : `tandem: unknown command ${JSON.stringify(name)}\n`}${usage()}\n`);
    return 2;
  }
  return command.run(rest, process.env);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tandem: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
