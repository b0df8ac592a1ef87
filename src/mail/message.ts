/** A message as every inbox source reports it. */
export interface MailMessage {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
}

/** Reads a real inbox. Implementations list what arrived for one recipient. */
export interface InboxSource {
  readonly kind: string;
  listFor(recipient: string): Promise<MailMessage[]>;
}
