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

/**
 * The transport while no mail service is configured: the mail is written to the log instead of being sent. Its
 * text (with live invitation and reset links) only on a developer's own machine (`withText`); on a deployed stage
 * the log says a mail was not sent, never the link, since logs are read by more people than the mail's recipient.
 */
export function logMailer(logger: Logger, opts: { withText: boolean } = { withText: false }): Mailer {
  return {
    async send(mail) {
      if (opts.withText) logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, `mail to ${mail.to}: ${mail.subject}`);
      else logger.warn({ mail: { to: mail.to, subject: mail.subject } }, `no mail service is configured: a mail to ${mail.to} was not sent`);
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
  const log = logMailer(logger, { withText: false });
  return {
    async send(mail) {
      await log.send(mail);
      const { appendFile } = await import("node:fs/promises");
      await appendFile(file, JSON.stringify({ ...mail, at: new Date().toISOString() }) + "\n");
    },
  };
}
