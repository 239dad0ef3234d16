/** Bad import input; the message says what is wrong, `status` the HTTP status that fits it. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly status: 400 | 413 | 503;
  /** `status`: 400 bad content, 413 too large or too costly to import, 503 the import sandbox is busy. */
  constructor(message: string, status: 400 | 413 | 503 = 400) {
    super(message);
    this.status = status;
  }
}

/** Most levels ProseMirror JSON may nest in an import. */
export const MAX_IMPORT_DEPTH = 64;
