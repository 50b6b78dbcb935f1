/**
 * The stream over real HTTP: a subscriber sees its own tenant's batches (with
 * counts), never another tenant's; bursts are coalesced.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let base: string;
let a: Awaited<ReturnType<TestApp['tenant']>>;
let b: Awaited<ReturnType<TestApp['tenant']>>;

before(async () => {
  t = await startTestApp();
  a = await t.tenant('stream-a', 11);
  b = await t.tenant('stream-b', 12);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = t.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
after(() => t.close());

/** Reads SSE events from a stream until `until` says stop. */
async function collect(key: string, until: (events: Array<{ event: string; data: Record<string, unknown> }>) => boolean, action: () => Promise<void>) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  let buffer = '';
  let started = false;
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let idx;
      while ((idx = buffer.indexOf('\n\n')) >= 0) {
        const chunk = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        const event = /^event: (.*)$/m.exec(chunk)?.[1];
        const data = /^data: (.*)$/m.exec(chunk)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (!started && events.some((e) => e.event === 'hello')) {
        started = true;
        void action();
      }
    }
  } finally {
    controller.abort();
  }
  return events;
}

const upload = (key: string, runId: string, n: number) =>
  fetch(`${base}/api/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runId, results: Array.from({ length: n }, (_, i) => ({ name: `t${i}`, status: i === 0 ? 'failed' : 'passed' })) }),
  });

test('a subscriber gets its tenant batches with counts, and none of another tenant', async () => {
  const events = await collect(
    a.keys.query,
    (ev) => ev.filter((e) => e.event === 'batch').flatMap((e) => e.data.runIds as string[]).includes('a-2'),
    async () => {
      await upload(b.keys.ingest, 'b-1', 5);
      await upload(a.keys.ingest, 'a-1', 3);
      await upload(b.keys.ingest, 'b-2', 5);
      await upload(a.keys.ingest, 'a-2', 4);
    },
  );
  const batches = events.filter((e) => e.event === 'batch');
  const runIds = batches.flatMap((e) => e.data.runIds as string[]);
  assert.deepEqual(runIds.sort(), ['a-1', 'a-2']);
  assert.equal(batches.reduce((n, e) => n + (e.data.results as number), 0), 7);
  assert.equal(batches.reduce((n, e) => n + (e.data.failed as number), 0), 2);
  assert.ok(batches.every((e) => e.data.tenantId === a.id));
});

test('a burst of uploads is coalesced into few events', async () => {
  const ids = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
  const events = await collect(
    a.keys.query,
    (ev) => ev.filter((e) => e.event === 'batch').flatMap((e) => e.data.runIds as string[]).length >= ids.length,
    async () => {
      await Promise.all(ids.map((id) => upload(a.keys.ingest, id, 1)));
    },
  );
  const batches = events.filter((e) => e.event === 'batch');
  assert.deepEqual(batches.flatMap((e) => e.data.runIds as string[]).sort(), [...ids].sort());
  assert.ok(batches.length < ids.length, `30 runs arrived in ${batches.length} events`);
});

test('ingest keys cannot subscribe', async () => {
  const res = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${a.keys.ingest}` } });
  assert.equal(res.status, 403);
});
