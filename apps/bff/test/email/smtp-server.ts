import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

/**
 * A real SMTP server in this process: it keeps what it receives, and answers RCPT TO with a refusal when told —
 * every recipient with 450 (`refuse(true)`), or one address with the code given (`refusals.set(address, 550)`: a
 * 5xx is a permanent refusal, a 4xx a temporary one).
 */
export async function startSmtp() {
  const received: ParsedMail[] = [];
  const refusals = new Map<string, number>();
  /** The words of an address's refusal (by default: "No such user here" for a 5xx, "Mailbox unavailable" for a 4xx). */
  const messages = new Map<string, string>();
  let refuseAll = false;
  /** While set, each message's DATA waits here unanswered (a sender stalls mid-send) until `release`. */
  let holding: ((err?: Error) => void)[] | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      const code = refuseAll ? 450 : refusals.get(to);
      if (code) return callback(Object.assign(new Error(messages.get(to) ?? (code >= 500 ? 'No such user here' : 'Mailbox unavailable')), { responseCode: code }));
      callback();
    },
    onData(stream, _session, callback) {
      if (holding) {
        stream.resume();
        holding.push(callback);
        return;
      }
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refusals,
    messages,
    refuse(on: boolean) {
      refuseAll = on;
    },
    /** From now on, leave every message's DATA unanswered (the sender waits, as if it had died mid-send). */
    hold() {
      holding = [];
    },
    /** Answers the held messages: with `error` (a 4xx) or as accepted (not kept in `received`); stops holding. */
    release(error?: Error) {
      const waiting = holding ?? [];
      holding = null;
      for (const answer of waiting) answer(error);
      return waiting.length;
    },
    /** How many messages wait unanswered. */
    held: () => holding?.length ?? 0,
    /** What reached an address (compared without regard to case). */
    to: (address: string) => received.filter((m) => (m.to && 'text' in m.to ? m.to.text : '').toLowerCase() === address.toLowerCase()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
