import { parseArgs } from 'node:util';
import { exportDocs, importDocs } from './backup.js';
import { createApiClient } from './http-client.js';

const USAGE = 'usage: tandem backup export|import --server URL --dir DIR [--doc ID ...]';

/**
 * `tandem backup` (and `tandem-backup`): backs up and restores documents through a running
 * server's REST API. ADMIN_TOKEN, when set, is sent as the bearer token. Resolves with the exit
 * code: 0 when every document succeeded, 1 when any failed, 2 on wrong usage.
 */
export async function runBackupCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
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
  const api = createApiClient(server, env.ADMIN_TOKEN);
  const run = command === 'export' ? exportDocs : importDocs;
  let summary;
  try {
    summary = await run(api, dir, doc);
  } catch (err) {
    process.stderr.write(`tandem backup: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`${command}: ${summary.done} done, ${summary.skipped} skipped, ${summary.failed.length} failed\n`);
  for (const f of summary.failed) process.stderr.write(`  failed ${f}\n`);
  return summary.failed.length ? 1 : 0;
}
