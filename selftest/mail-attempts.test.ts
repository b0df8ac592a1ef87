/**
 * Mail per attempt: a retry reads only mail that arrived after it began and never a message
 * an earlier attempt used (the ids live in a file, as retries run in new worker processes).
 * The filter is pure; the whole path runs against a real maildev, as the sandbox uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { EmailNotReceivedError, findLink, freshMessages, waitForEmail, type MailMessage } from '../src/mail/inbox.ts';
import { UsedMessagesFile } from '../src/mail/used-messages.ts';
import { MaildevInbox } from '../src/mail/maildev.ts';
import { startMailCatcher } from '../sandbox/mail.ts';

const msg = (id: string, receivedAt: string): MailMessage => ({ id, to: ['a@x.test'], subject: '', text: '', html: '', receivedAt });
const SINCE = new Date('2026-12-01T10:00:05.500Z');

const ROWS: Array<[string, MailMessage, Set<string>, boolean]> = [
  ['arrived after the attempt began', msg('1', '2026-12-01T10:00:07.000Z'), new Set(), true],
  ['arrived long before (an earlier attempt)', msg('2', '2026-12-01T10:00:01.000Z'), new Set(), false],
  ['stamped to the second, same second as the start', msg('3', '2026-12-01T10:00:05.000Z'), new Set(), true],
  ['new but used by an earlier attempt', msg('4', '2026-12-01T10:00:09.000Z'), new Set(['maildev:4']), false],
  ['no readable time, not used', msg('5', ''), new Set(), true],
  ['no readable time, used', msg('6', ''), new Set(['maildev:6']), false],
];
for (const [name, m, used, kept] of ROWS) {
  test(`freshMessages: ${name} -> ${kept ? 'kept' : 'ignored'}`, () => {
    assert.equal(freshMessages([m], 'maildev', { since: SINCE, used }).length, kept ? 1 : 0);
  });
}

test('freshMessages without since or used keeps everything (other callers unchanged)', () => {
  assert.equal(freshMessages([msg('1', '2000-01-01T00:00:00Z'), msg('2', '')], 'imap', {}).length, 2);
});

test('a retry against a real maildev reads its own invitation, never the first attempt’s', { timeout: 60_000 }, async () => {
  const catcher = await startMailCatcher();
  const dir = await mkdtemp(join(tmpdir(), 'postflight-mail-'));
  const transport = nodemailer.createTransport({ host: catcher.smtp.host, port: catcher.smtp.port, secure: false, ignoreTLS: true });
  const inbox = new MaildevInbox(catcher.apiUrl);
  const to = `pf-run1-client@smoke.test`;
  const invite = (token: string) =>
    transport.sendMail({ from: 'app@smoke.test', to, subject: 'Your assessment', text: `Open http://web.test/client/${token} to start` });
  const isInvite = (m: MailMessage) => Boolean(findLink(m, '/client/'));
  try {
    // Attempt 1 (its own worker): gets invitation A and uses it.
    const pending1 = waitForEmail(inbox, to, isInvite, 10_000, { since: new Date(), used: new UsedMessagesFile(join(dir, 'mail-used.txt')), pollMs: 50 });
    await invite('token-of-attempt-one');
    const a = await pending1;
    assert.equal(findLink(a, '/client/'), 'http://web.test/client/token-of-attempt-one');

    // Attempt 2 (a new worker: a fresh UsedMessagesFile on the same run folder). Its start is
    // within a second of A (the tolerance), so only the used-id file keeps A out.
    const used2 = new UsedMessagesFile(join(dir, 'mail-used.txt'));
    assert.equal(used2.has(`maildev:${a.id}`), true, 'the id A used is on disk for later attempts');
    const pending2 = waitForEmail(inbox, to, isInvite, 10_000, { since: new Date(), used: used2, pollMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    await invite('token-of-attempt-two');
    const b = await pending2;
    assert.equal(findLink(b, '/client/'), 'http://web.test/client/token-of-attempt-two');
    assert.notEqual(b.id, a.id);

    // Attempt 3 sends nothing: both earlier messages are ignored and it says so.
    await new Promise((r) => setTimeout(r, 1200));
    await assert.rejects(
      waitForEmail(inbox, to, isInvite, 600, { since: new Date(), used: new UsedMessagesFile(join(dir, 'mail-used.txt')), pollMs: 50 }),
      (err: Error) => err instanceof EmailNotReceivedError && /2 more ignored: older than this attempt or used by an earlier one/.test(err.message),
    );
  } finally {
    transport.close();
    await catcher.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
