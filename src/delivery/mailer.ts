import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** ours, so a resend after a crash can be recognised by the receiving side */
  messageId: string;
  headers?: Record<string, string>;
}

/** Hands email to an SMTP server. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/** `SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…`. */
export function createSmtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(email) {
      const info = await transport.sendMail({
        from: email.from, to: email.to, subject: email.subject, text: email.text, html: email.html,
        messageId: email.messageId, headers: email.headers,
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
