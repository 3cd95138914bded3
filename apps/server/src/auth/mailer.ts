// Outgoing mail (password reset links). Pluggable: production wires a real transport; the
// default development mailer writes the message, link included, to our logger.
import type { Logger } from '../logger.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Development mailer: logs the message (and so the link) at info level. */
export function logMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger.info('mail (development mailer: not sent, logged)', { to: message.to, subject: message.subject, text: message.text });
    },
  };
}

/** Test mailer: keeps every message in memory. */
export function captureMailer(): Mailer & { sent: MailMessage[]; lastLink(): string | undefined } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
    lastLink() {
      const last = sent.at(-1);
      return last ? /(https?:\/\/\S+)/.exec(last.text)?.[1] : undefined;
    },
  };
}
