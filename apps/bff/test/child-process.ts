import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** BFF processes of a test file (data-dir-lock, production): spawned, watched, killed at the end. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Run {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  /** Exited, and its output all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the banner says "listening on"; rejects when the process exits first. */
  listening: Promise<void>;
  /** Resolves once the output contains `text`; rejects when the process exits first. */
  printed(text: string | RegExp): Promise<void>;
}

const children: ChildProcess[] = [];

/** `node <args>` with exactly `env`; its output is kept for the test's assertions. */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const waiting = new Set<() => void>();
  // 'close': the process has exited and its output is all read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const check of waiting) check();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const printed = (text: string | RegExp) => {
    const found = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
    const p = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!found()) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
      void exited.then(({ code, signal }) => (found() ? resolve() : reject(new Error(`exited ${code ?? signal} before printing ${String(text)}:\n${out}`))));
    });
    p.catch(() => {});
    return p;
  };
  return { child, output: () => out, exited, listening: printed('listening on'), printed };
}

/** Kills what a test file spawned and left running (call in afterAll). */
export function killChildren(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** What a new TCP connection to the port meets: `ECONNREFUSED` once the listening socket is closed. */
export function connecting(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}
