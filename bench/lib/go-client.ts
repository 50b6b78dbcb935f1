/**
 * The query benchmark's default HTTP client: bench/go-client, a Go program using the net/http
 * transport, headers and JSON decode of Grafana's datasource backend (plugins/datasource/pkg/plugin/client.go),
 * in its own process as the plugin is. Built with `go build` at bench start into a temp dir (Go's build
 * cache makes rebuilds cheap), then driven over stdin/stdout with newline-delimited JSON: the same
 * {id, url, key, payload, expectResults} -> {id, ms} | {id, error} messages as lib/query-client.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ClientReply, ClientRequest } from './query-client.ts';

/** A client process: one timed POST per request, answered in any order, matched by id. */
export interface ClientProcess {
  request(req: Omit<ClientRequest, 'id'>): Promise<ClientReply>;
  close(): void;
}

const SOURCE = fileURLToPath(new URL('../go-client', import.meta.url));

/** Builds bench/go-client; throws with go's own message when the build fails. */
export async function buildGoClient(): Promise<string> {
  const dir = join(tmpdir(), 'semantest-bench-go-client');
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'query-client');
  await promisify(execFile)('go', ['build', '-o', binary, '.'], { cwd: SOURCE });
  return binary;
}

export function startGoClient(binary: string): ClientProcess {
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, (r: ClientReply) => void>();
  let nextId = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const r = JSON.parse(line) as ClientReply;
    waiting.get(r.id)?.(r);
    waiting.delete(r.id);
  });
  child.on('exit', (code) => {
    // A client that died answers every pending request with an error, never with a time.
    for (const [id, resolve] of waiting) resolve({ id, error: `go client exited with ${String(code)}` });
    waiting.clear();
  });
  return {
    request: (req) => new Promise<ClientReply>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, ...req } satisfies ClientRequest)}\n`);
    }),
    close: () => child.stdin.end(),
  };
}
