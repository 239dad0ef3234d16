import type { ServerConfig } from '../config/config.js';
import { checkAuditFile } from '../config/audit-config.js';
import type { ServerEventType } from '../events/server-events.js';
import { auditEntryOf, auditLine } from './audit-entry.js';
import { fileSink, openAuditStore } from './open-audit.js';

/**
 * Records what a command run beside the server did (`tandem backup archive`, `snapshot`) in the
 * same audit log: the entry into the store (DATA_DIR/audit.db or tandem_audit) and, when
 * AUDIT_LOG is a file, its line there (stdout is the command's own output, so not there).
 * The actor is `system` named after the command.
 */
export async function recordOutsideServer(config: ServerConfig, action: ServerEventType, command: string, data: Record<string, unknown>): Promise<void> {
  const entry = auditEntryOf({ type: action, at: Date.now(), actor: { kind: 'system', name: command }, data });
  const { output } = config.audit;
  if (output.kind === 'file') {
    checkAuditFile(output);
    const sink = fileSink(output.path);
    sink.write(auditLine(entry));
    await sink.close();
  }
  const store = await openAuditStore(config);
  if (!store) return;
  try {
    await store.append(entry);
  } finally {
    await store.close();
  }
}
