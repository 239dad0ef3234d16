/**
 * The import sandbox's thread (see import-sandbox.ts): builds documents from untrusted import
 * content, one job at a time. Whatever goes wrong here (a stack overflow, a heap limit, an error
 * thrown outside any try by a parsing library) ends at most this thread, never the server.
 */
import { parentPort } from 'node:worker_threads';
import { buildImportState, type ImportJob } from './import-build.js';
import { ImportError } from './import-json.js';

/** A job as posted to the thread. */
export interface SandboxRequest extends ImportJob {
  id: number;
}

/** The thread's answer to one job. */
export type SandboxReply =
  | { id: number; ok: true; state: Uint8Array }
  | { id: number; ok: false; message: string; status: 400 | 413 | 503 };

parentPort!.on('message', async (job: SandboxRequest) => {
  let reply: SandboxReply;
  try {
    const state = await buildImportState(job);
    reply = { id: job.id, ok: true, state };
  } catch (err) {
    if (err instanceof ImportError) reply = { id: job.id, ok: false, message: err.message, status: err.status };
    else if (err instanceof RangeError) reply = { id: job.id, ok: false, message: 'content is nested too deeply to import', status: 400 };
    else reply = { id: job.id, ok: false, message: 'content could not be imported', status: 400 };
  }
  parentPort!.postMessage(reply);
});
