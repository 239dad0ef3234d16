import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail received by the test's SMTP server: the envelope and the parsed message. */
export interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
}

/** An SMTP server the test reads: its URL (for SMTP_URL) and what it received, in order. */
export interface SmtpReceiver {
  url: string;
  inbox: Received[];
  close(): Promise<void>;
}

/** A real SMTP receiver (the `smtp-server` package) on a random loopback port, keeping what it is sent. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, inbox, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
