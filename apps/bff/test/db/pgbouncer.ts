import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PgBouncer the test started, in transaction pooling mode, in front of the PostgreSQL of `upstream`. */
export interface Pgbouncer {
  port: number;
  /** `url` (a database on the upstream server) as reached through PgBouncer. */
  through(url: string): string;
  stop(): Promise<void>;
}

const BINARIES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];
const findBinary = () => BINARIES.find((b) => existsSync(b)) ?? (spawnSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).stdout.trim() || undefined);

/**
 * Debian's `pgbouncer`, installed when missing and this runs as root with apt-get (as CI does; `npm test` installs
 * it beforehand too). Returns the binary, or why there is none.
 */
export function pgbouncerBinary(): { binary: string } | { missing: string } {
  let binary = findBinary();
  if (!binary && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'pgbouncer'], { env, encoding: 'utf8' }).status === 0;
    if (!install()) {
      spawnSync('apt-get', ['update', '-qq'], { env });
      install();
    }
    binary = findBinary();
  }
  return binary ? { binary } : { missing: 'pgbouncer is not installed and could not be installed (Debian: apt-get install -y pgbouncer, as root)' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/**
 * Starts PgBouncer on a free port with a generated ini: transaction pooling, trust for the upstream's user, every
 * database of the upstream server (`* =`), `statement_timeout` accepted from the client and ignored (PgBouncer
 * cannot carry a per-client session setting: see README, "Running several instances"). As root it drops to the
 * `postgres` user (`-u`), since PgBouncer refuses to run as root. Its admin console is the database `pgbouncer`. Resolves with why not when it cannot start.
 */
export async function startPgbouncer(upstream: string): Promise<Pgbouncer | { skipped: string }> {
  const found = pgbouncerBinary();
  if ('missing' in found) return { skipped: found.missing };
  const u = new URL(upstream);
  const user = decodeURIComponent(u.username || 'postgres');
  const dir = mkdtempSync(join(tmpdir(), 'roster-pgbouncer-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" "${decodeURIComponent(u.password)}"\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${u.hostname} port=${u.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 1000',
      'default_pool_size = 20',
      'ignore_startup_parameters = statement_timeout',
      // Each transaction on the next server connection in turn, not the one last used: a statement that relies on
      // the session of an earlier one (a session SET, a session advisory lock, LISTEN) fails here at once.
      'server_round_robin = 1',
      `admin_users = ${user}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  for (const f of ['userlist.txt', 'pgbouncer.ini']) chmodSync(join(dir, f), 0o644);
  const args = [...(process.getuid?.() === 0 ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')];
  const child: ChildProcess = spawn(found.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never outlives the test process, whatever ends it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  for (let i = 0; i < 100 && !exitedEarly; i++) {
    if (await answers(port)) {
      return {
        port,
        through(url: string) {
          const v = new URL(url);
          v.hostname = '127.0.0.1';
          v.port = String(port);
          return v.toString();
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (child.exitCode === null) child.kill('SIGKILL');
  const log = existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  return { skipped: `pgbouncer did not start: ${(stderr + log).trim().split('\n').slice(-3).join(' / ') || 'no answer on its port'}` };
}
