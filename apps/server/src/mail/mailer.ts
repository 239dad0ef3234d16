import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config/mail-config.js';

/** Sends mail. One method, so anything that can deliver a message can stand behind it. */
export interface Mailer {
  /** Delivers one message; rejects when the mail server refuses it or cannot be reached. */
  send(to: string, subject: string, text: string, html: string): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

/** How long to wait for the mail server at each step before giving up, ms. */
const SMTP_TIMEOUT_MS = 10_000;

/** The mailer for `config` (nodemailer over SMTP_URL), or null when SMTP_URL is unset. */
export function createMailer(config: MailConfig): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = createTransport(
    { url: config.smtpUrl, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS },
    { from: config.from },
  );
  return {
    async send(to, subject, text, html) {
      await transport.sendMail({ to, subject, text, html });
    },
    close: () => transport.close(),
  };
}
