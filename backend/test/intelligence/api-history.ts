/**
 * A small, hand-made CI history uploaded through POST /api/v1/runs, so the
 * intelligence API tests exercise the real ingest path (signature rules and
 * owners at ingest) on the real stores. 24 hourly runs on main, ending an
 * hour ago; 20 healthy tests keep every run under the outage guard.
 *
 * - `flaky`   fails its first attempt and passes on retry in runs 1, 5, 9 …
 * - `broken`  fails every run with a TimeoutError whose numbers vary
 * - `fixed`   fails runs 0–9 (an assertion), passes from run 10 on
 * - `slow`    ~100 ms in runs 0–11, ~200 ms in runs 12–23
 * - `newfail` passes until run 22 and fails in run 23
 * - `removed` only in run 0; `added` only in run 23
 */
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/test-app.ts';
import { bearer } from '../helpers/test-app.ts';

export const RUNS = 24;
const HOUR = 3_600_000;

export interface History {
  start: number;
  runStart(i: number): number;
  runId(i: number): string;
}

export function historyTimes(now = Date.now()): History {
  const start = Math.floor(now / HOUR) * HOUR - (RUNS + 1) * HOUR;
  return { start, runStart: (i) => start + i * HOUR, runId: (i) => `run-${String(i).padStart(2, '0')}` };
}

function results(i: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let k = 0; k < 20; k++) out.push({ suite: 's', name: `ok-${k}`, file: `src/ok/ok-${k}.test.ts`, status: 'passed', durationMs: 10 });
  out.push(
    i % 4 === 1
      ? { suite: 's', name: 'flaky', file: 'src/checkout/flaky.test.ts', status: 'passed', durationMs: 20, retries: [{ status: 'failed', durationMs: 20, error: { type: 'Error', message: 'socket hang up' } }] }
      : { suite: 's', name: 'flaky', file: 'src/checkout/flaky.test.ts', status: 'passed', durationMs: 20 },
  );
  out.push({
    suite: 's', name: 'broken', file: 'src/login/broken.test.ts', owner: '@explicit', status: 'failed', durationMs: 5000,
    error: { type: 'TimeoutError', message: `waited ${5000 + i}ms for #login-${i}`, stack: `TimeoutError: waited\n    at login (src/login/broken.test.ts:${10 + i}:5)` },
  });
  out.push(i < 10
    ? { suite: 's', name: 'fixed', file: 'src/cart/fixed.test.ts', status: 'failed', durationMs: 30, error: { type: 'AssertionError', message: `expected ${i} to equal 42`, stack: 'AssertionError: expected\n    at cart (src/cart/fixed.test.ts:7:3)' } }
    : { suite: 's', name: 'fixed', file: 'src/cart/fixed.test.ts', status: 'passed', durationMs: 30 });
  out.push({ suite: 's', name: 'slow', file: 'src/perf/slow.test.ts', status: 'passed', durationMs: (i < 12 ? 100 : 200) + (i % 3) });
  if (i === 0) out.push({ suite: 's', name: 'removed', file: 'src/old/removed.test.ts', status: 'passed', durationMs: 5 });
  out.push(i === RUNS - 1
    ? { suite: 's', name: 'newfail', file: 'src/new/newfail.test.ts', status: 'failed', durationMs: 5, error: { type: 'Error', message: 'boom' } }
    : { suite: 's', name: 'newfail', file: 'src/new/newfail.test.ts', status: 'passed', durationMs: 5 });
  if (i === RUNS - 1) out.push({ suite: 's', name: 'added', file: 'src/new/added.test.ts', status: 'passed', durationMs: 5 });
  return out;
}

/** Uploads the 24 runs of project `project` with the given ingest key. */
export async function uploadHistory(t: TestApp, ingestKey: string, project: string, h: History, runs = RUNS): Promise<void> {
  for (let i = 0; i < runs; i++) {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/runs', headers: bearer(ingestKey),
      payload: { runId: h.runId(i), project, branch: 'main', commitSha: `c${i}`, startedAt: new Date(h.runStart(i)).toISOString(), results: results(i) },
    });
    assert.equal(res.statusCode, 201, res.body);
  }
}
