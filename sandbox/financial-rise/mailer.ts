import nodemailer from 'nodemailer';
import type { Log } from './types.ts';

/**
 * Outgoing mail over plain SMTP to the sandbox's catcher. Sends are fire-and-forget (the
 * deployed app queues them too, so a slow mail server never slows the API) but tracked, so
 * `close()` waits for the ones in flight.
 */
export interface Message {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: Message): void;
  close(): Promise<void>;
}

const FROM = 'Financial RISE <no-reply@financialrise.local>';

export function createMailer(smtp: { host: string; port: number }, log: Log): Mailer {
  const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
  const pending = new Set<Promise<void>>();
  return {
    send(message) {
      const p = transport
        .sendMail({ from: FROM, ...message })
        .then(() => log('INFO', `Email "${message.subject}" sent to ${message.to}`))
        .catch((err: Error) => log('ERROR', `Email "${message.subject}" to ${message.to} failed: ${err.message}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async close() {
      await Promise.allSettled([...pending]);
      transport.close();
    },
  };
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function verificationEmail(to: string, firstName: string, link: string): Message {
  return {
    to,
    subject: 'Verify your Financial RISE account',
    text: `Hi ${firstName},\n\nPlease verify your email address by opening this link:\n${link}\n\nThe Financial RISE team`,
    html:
      `<p>Hi ${escape(firstName)},</p><p>Please verify your email address:</p>` +
      `<p><a href="${escape(link)}">${escape(link)}</a></p><p>The Financial RISE team</p>`,
  };
}

export function invitationEmail(to: string, clientName: string, businessName: string, consultant: string, link: string): Message {
  return {
    to,
    subject: `${consultant} invited you to a Financial RISE assessment`,
    text:
      `Hi ${clientName},\n\n${consultant} invited you to complete the financial readiness assessment for ${businessName}.\n` +
      `Open your personal link to start:\n${link}\n\nThe Financial RISE team`,
    html:
      `<p>Hi ${escape(clientName)},</p><p>${escape(consultant)} invited you to complete the financial readiness ` +
      `assessment for ${escape(businessName)}.</p><p><a href="${escape(link)}">${escape(link)}</a></p><p>The Financial RISE team</p>`,
  };
}
