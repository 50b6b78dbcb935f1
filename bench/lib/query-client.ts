/**
 * The query benchmark's HTTP client, run as a separate process (as Grafana's
 * Go backend is a separate process from ours), so the client's request
 * building, socket reads and JSON.parse of the answer do not run on the
 * server's event loop and are not counted as server cost.
 *
 * Driven over the IPC channel: the parent sends {id, url, key, payload}; this
 * process times the POST from just before sending to the parsed answer and
 * replies {id, ms} or {id, error}. The IPC hop itself is outside the timing.
 */
import { Agent } from 'node:http';
import { postJson } from './http-post.ts';

export interface ClientRequest { id: number; url: string; key: string; payload: string; expectResults: boolean }
export type ClientReply = { id: number; ms: number } | { id: number; error: string };

const agent = new Agent({ keepAlive: true, maxSockets: Number(process.argv[2] ?? 16) });

async function handle(m: ClientRequest): Promise<ClientReply> {
  const started = performance.now();
  const res = await postJson(agent, m.url, m.key, m.payload);
  const body = JSON.parse(res.text) as { results?: { A?: { status: number } } };
  const ms = performance.now() - started;
  // A failed answer must never be timed as a fast one.
  if (res.status !== 200 || (m.expectResults && body.results?.A?.status !== 200)) return { id: m.id, error: `${res.status} ${res.text.slice(0, 500)}` };
  return { id: m.id, ms };
}

process.on('message', (m: ClientRequest | 'exit') => {
  if (m === 'exit') {
    agent.destroy();
    process.disconnect();
    return;
  }
  handle(m).then(
    (reply) => process.send!(reply),
    (err: unknown) => process.send!({ id: m.id, error: String(err) }),
  );
});
