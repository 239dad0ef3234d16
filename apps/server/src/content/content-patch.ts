import { applyPatch as applyTextPatch } from 'diff';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { HTTPException } from 'hono/http-exception';
import type { PMNodeJSON } from '@tandem/history';

/**
 * Applies an RFC 6902 JSON Patch to a document's ProseMirror JSON. A failing `test` operation
 * means the content is not what the caller expected (409); any other bad operation is a 400.
 */
export function patchJson(current: PMNodeJSON, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new HTTPException(400, { message: 'a JSON patch is an array of operations (RFC 6902)' });
  try {
    return fastJsonPatch.applyPatch(structuredClone(current), operations as Operation[], true, false).newDocument;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TEST_OPERATION_FAILED') throw new HTTPException(409, { message: 'a test operation of the patch failed' });
    throw new HTTPException(400, { message: `the JSON patch does not apply: ${(err as Error).message.split('\n')[0]}` });
  }
}

/** Applies a unified diff (`diff -u`, `git diff` of one file) to a document's Markdown; 409 when its context does not match. */
export function patchMarkdown(current: string, patch: unknown): string {
  if (typeof patch !== 'string') throw new HTTPException(400, { message: 'a Markdown patch is a unified diff, as a string' });
  let result: string | false;
  try {
    result = applyTextPatch(current, patch);
  } catch (err) {
    throw new HTTPException(400, { message: `not a unified diff: ${(err as Error).message}` });
  }
  if (result === false) throw new HTTPException(409, { message: 'the Markdown patch does not apply to the current content' });
  return result;
}
