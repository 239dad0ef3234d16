#!/usr/bin/env node
/**
 * `tandem-backup`: backs up and restores documents through a running server's REST API.
 *   tandem-backup export --server URL --dir DIR [--doc ID ...]
 *   tandem-backup import --server URL --dir DIR [--doc ID ...]
 * ADMIN_TOKEN, when set, is sent as the bearer token. Exit 0 when every document succeeded,
 * 1 when any failed, 2 on wrong usage.
 */
import { parseArgs } from 'node:util';
import { exportDocs, importDocs } from './cli/backup.js';
import { createApiClient } from './cli/http-client.js';

const USAGE = 'usage: tandem-backup export|import --server URL --dir DIR [--doc ID ...]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { server: { type: 'string' }, dir: { type: 'string' }, doc: { type: 'string', multiple: true } },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  const { server, dir, doc } = parsed.values;
  if ((command !== 'export' && command !== 'import') || !server || !dir) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const api = createApiClient(server, process.env.ADMIN_TOKEN);
  const run = command === 'export' ? exportDocs : importDocs;
  let summary;
  try {
    summary = await run(api, dir, doc);
  } catch (err) {
    process.stderr.write(`tandem-backup: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`${command}: ${summary.done} done, ${summary.skipped} skipped, ${summary.failed.length} failed\n`);
  for (const f of summary.failed) process.stderr.write(`  failed ${f}\n`);
  return summary.failed.length ? 1 : 0;
}

main().then((code) => process.exit(code));
