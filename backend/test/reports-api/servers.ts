/**
 * Real receivers for delivery tests: a local HTTP server that records every
 * POST (and can be told to fail), and Debian's aiosmtpd SMTP server writing
 * each message into a maildir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function startHttpReceiver(): Promise<{
  url: string;
  received: Received[];
  failNext: (status: number) => void;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  let fail: number | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = fail ?? 200;
      fail = undefined;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext: (s) => (fail = s),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1', () => (c.end(), resolve(true)));
    c.on('error', () => resolve(false));
  });
}

export async function startSmtp(): Promise<{ url: string; messages: () => string[]; close: () => Promise<void> }> {
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'semantest-maildir-'));
  // Python's Maildir creates new/cur/tmp only when the directory does not exist yet.
  const dir = join(root, 'maildir');
  const proc: ChildProcess = spawn(
    '/usr/bin/python3',
    ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', dir],
    { stdio: 'ignore' }
  );
  // Readiness, not timing: poll until the server accepts a connection (or the process died).
  for (let i = 0; i < 200 && proc.exitCode === null && !(await accepting(port)); i++)
    await new Promise((r) => setTimeout(r, 50));
  if (proc.exitCode !== null) throw new Error('aiosmtpd did not start (apt package python3-aiosmtpd)');
  const newDir = join(dir, 'new');
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => {
      try {
        return readdirSync(newDir)
          .sort()
          .map((f) => readFileSync(join(newDir, f), 'utf8'));
      } catch {
        return [];
      }
    },
    close: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The decoded bytes of the attachment named `filename` in a raw MIME message. */
export function attachment(raw: string, filename: string): Buffer | undefined {
  const at =
    raw.indexOf(`filename=${filename}`) >= 0
      ? raw.indexOf(`filename=${filename}`)
      : raw.indexOf(`filename="${filename}"`);
  if (at < 0) return undefined;
  const start = raw.indexOf('\n\n', at) >= 0 ? raw.indexOf('\n\n', at) : raw.indexOf('\r\n\r\n', at);
  const end = raw.indexOf('\n--', start + 2);
  return Buffer.from(raw.slice(start, end).replace(/\s+/g, ''), 'base64');
}

/**
 * The fixture app plus both receivers, for delivery tests. The receivers
 * listen on loopback, which the SSRF guard refuses by default, so the app
 * allows private targets.
 */
export async function startWithReceivers() {
  const { startFixture } = await import('../queries/fixture.ts');
  const http = await startHttpReceiver();
  const smtp = await startSmtp();
  const f = await startFixture({ SEMANTEST_ALLOW_PRIVATE_WEBHOOKS: 'true' });
  return {
    f,
    http,
    smtp,
    close: async () => {
      await f.t.close();
      await http.close();
      await smtp.close();
    },
  };
}
