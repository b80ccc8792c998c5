import type { Logger } from "pino";

/** One outgoing email. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** How the server sends mail (invitations, password resets). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Development and test transport: writes the mail (links included) to the log instead of sending it. */
export function logMailer(logger: Logger): Mailer {
  return {
    async send(mail) {
      logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, `mail to ${mail.to}: ${mail.subject}`);
    },
  };
}

/** Keeps every mail in memory, for tests that follow the links. */
export function memoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
    },
  };
}

/** Development transport that also appends each mail as one JSON line to `file` (the e2e suite follows links from it). */
export function fileMailer(logger: Logger, file: string): Mailer {
  const log = logMailer(logger);
  return {
    async send(mail) {
      await log.send(mail);
      const { appendFile } = await import("node:fs/promises");
      await appendFile(file, JSON.stringify({ ...mail, at: new Date().toISOString() }) + "\n");
    },
  };
}
