import type { Logger } from '@tandem/sync';
import type { InviteMessage, SendInvite } from '../auth/sharing.js';
import type { Mailer } from './mailer.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Subject, plain text and HTML of an invite mail. */
export function inviteMail(invite: InviteMessage): { subject: string; text: string; html: string } {
  const who = invite.inviter.name || invite.inviter.email;
  const what = invite.docId ? `a document${invite.role ? ` (as ${invite.role})` : ''}` : 'Tandem';
  const subject = invite.docId ? `${who} shared a document with you on Tandem` : `${who} invited you to Tandem`;
  const text = [
    `${who} (${invite.inviter.email}) invited you to ${what}.`,
    '',
    `Open this link to create your account and start:`,
    invite.url,
    '',
    'If you did not expect this, ignore this mail.',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(who)} (${escapeHtml(invite.inviter.email)}) invited you to ${escapeHtml(what)}.</p>`,
    `<p><a href="${escapeHtml(invite.url)}">Accept the invite</a></p>`,
    `<p style="color:#666">Or copy this link: ${escapeHtml(invite.url)}</p>`,
    '<p style="color:#666">If you did not expect this, ignore this mail.</p>',
  ].join('\n');
  return { subject, text, html };
}

/**
 * The invite seam (auth/sharing.ts) backed by a mailer: the invite is mailed to the invitee, and
 * the link still comes back to the inviter. When the mail server fails, the failure is logged and
 * the inviter gets the link to copy (`sent: false`) rather than an error.
 */
export function mailInvites(mailer: Mailer, logger: Logger): SendInvite {
  return async (invite) => {
    const { subject, text, html } = inviteMail(invite);
    try {
      await mailer.send(invite.email, subject, text, html);
      logger.info('mail.sent', { kind: 'invite', doc: invite.docId ?? undefined });
      return { url: invite.url, sent: true };
    } catch (err) {
      logger.warn('mail.failed', { kind: 'invite', error: err instanceof Error ? err.message : String(err) });
      return { url: invite.url, sent: false };
    }
  };
}
