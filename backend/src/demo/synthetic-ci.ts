/**
 * A seeded generator of realistic CI runs: several projects and suites, flaky
 * tests, consistently broken tests, tests that slow down over time, failures
 * with real-looking error messages, and performance samples.
 */
import type { JsonPerf, JsonResult } from '../ingest/json-run.ts';
import type { RunMeta } from '../ingest/run-meta.ts';

/** mulberry32: small, fast, good enough for synthetic data; seeded for reproducibility. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

type Behaviour = 'healthy' | 'flaky' | 'broken' | 'slowing';

interface SyntheticTest {
  project: string;
  suite: string;
  className: string;
  name: string;
  file: string;
  owner: string;
  baseMs: number;
  behaviour: Behaviour;
}

const PROJECTS = {
  web: { suites: ['checkout', 'login', 'search', 'cart'], lang: 'ts', owners: ['@web-team', '@payments'] },
  api: { suites: ['orders', 'users', 'inventory'], lang: 'java', owners: ['@backend', '@platform'] },
  mobile: { suites: ['onboarding', 'settings'], lang: 'dart', owners: ['@mobile'] },
} as const;

const ERRORS: Array<{ type: string; message: (r: () => number) => string; stack: (file: string) => string }> = [
  {
    type: 'AssertionError',
    message: (r) => `expected ${Math.floor(r() * 500)} to equal ${Math.floor(r() * 500)}`,
    stack: (f) => `AssertionError: expected values to be equal\n    at Context.<anonymous> (${f}:${40 + 3}:12)\n    at processImmediate (node:internal/timers:478:21)`,
  },
  {
    type: 'TimeoutError',
    message: (r) => `locator.click: Timeout ${pick(r, [5000, 10000, 30000])}ms exceeded.\nwaiting for getByRole('button', { name: 'Pay now' })`,
    stack: (f) => `TimeoutError: locator.click: Timeout exceeded\n    at ${f}:88:31`,
  },
  {
    type: 'java.net.SocketTimeoutException',
    message: (r) => `Read timed out after ${Math.floor(r() * 3000)} ms connecting to http://10.0.${Math.floor(r() * 255)}.7:8080/api/orders`,
    stack: () => 'java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n\tat com.acme.orders.OrderClientTest.createsOrder(OrderClientTest.java:57)',
  },
  {
    type: 'NullPointerException',
    message: () => 'Cannot invoke "com.acme.users.User.getEmail()" because "user" is null',
    stack: () => 'java.lang.NullPointerException\n\tat com.acme.users.UserServiceTest.updatesEmail(UserServiceTest.java:112)',
  },
  {
    type: 'TestFailure',
    message: (r) => `Expected: <${Math.floor(r() * 10)}>\n  Actual: <${Math.floor(r() * 10)}>`,
    stack: (f) => `package:test_api  fail\n${f} 23:7  main.<fn>.<fn>`,
  },
];

export function syntheticCatalog(seed = 42): SyntheticTest[] {
  const r = rng(seed);
  const tests: SyntheticTest[] = [];
  for (const [project, spec] of Object.entries(PROJECTS)) {
    for (const suite of spec.suites) {
      const count = 8 + Math.floor(r() * 10);
      for (let i = 0; i < count; i++) {
        const roll = r();
        const behaviour: Behaviour = roll < 0.08 ? 'flaky' : roll < 0.11 ? 'broken' : roll < 0.15 ? 'slowing' : 'healthy';
        const file =
          spec.lang === 'ts' ? `tests/${suite}/${suite}-${i}.spec.ts` : spec.lang === 'java' ? `src/test/java/com/acme/${suite}/${suite[0]!.toUpperCase()}${suite.slice(1)}Test${i}.java` : `test/${suite}_${i}_test.dart`;
        tests.push({
          project,
          suite,
          className: spec.lang === 'java' ? `com.acme.${suite}.${suite[0]!.toUpperCase()}${suite.slice(1)}Test${i}` : suite,
          name: `${pick(r, ['handles', 'rejects', 'renders', 'creates', 'updates', 'deletes'])} ${pick(r, ['empty input', 'a valid order', 'an expired token', 'unicode names', 'a large cart', 'concurrent updates'])} #${i}`,
          file,
          owner: pick(r, spec.owners),
          baseMs: Math.round(20 + r() * (project === 'web' ? 4000 : 400)),
          behaviour,
        });
      }
    }
  }
  return tests;
}

export interface SyntheticRun {
  meta: RunMeta;
  results: JsonResult[];
  perf: JsonPerf[];
}

/** One run of one project at `at`; `progress` (0..1) drives slow-downs over time. */
export function syntheticRun(catalog: SyntheticTest[], project: string, at: Date, seed: number, progress: number): SyntheticRun {
  const r = rng(seed);
  const branch = r() < 0.6 ? 'main' : pick(r, ['feature/checkout-v2', 'fix/login-timeout', 'renovate/deps']);
  const environment = pick(r, ['staging', 'qa', 'production-canary']);
  const browser = project === 'web' ? pick(r, ['chromium', 'firefox', 'webkit']) : '';
  const os = pick(r, ['linux', 'linux', 'macos', 'windows']);
  const outage = r() < 0.02; // an infrastructure outage fails most of a run
  const results: JsonResult[] = [];
  let offset = 0;
  for (const t of catalog.filter((c) => c.project === project)) {
    const slow = t.behaviour === 'slowing' ? 1 + progress * 0.8 : 1;
    const durationMs = Math.round(t.baseMs * slow * (0.8 + r() * 0.4));
    const fails =
      (outage && r() < 0.8) || t.behaviour === 'broken' || (t.behaviour === 'flaky' && r() < 0.25) || (t.behaviour === 'healthy' && r() < 0.003);
    const err = pick(r, ERRORS);
    const error = { type: err.type, message: err.message(r), stack: err.stack(t.file) };
    const retriedPass = fails && t.behaviour === 'flaky' && r() < 0.5;
    const skipped = !fails && r() < 0.02;
    results.push({
      suite: t.suite,
      name: t.name,
      className: t.className,
      file: t.file,
      owner: t.owner,
      status: retriedPass ? 'passed' : fails ? 'failed' : skipped ? 'skipped' : 'passed',
      durationMs: skipped ? 0 : durationMs,
      startedAt: new Date(at.getTime() + offset).toISOString(),
      ...(fails && !retriedPass ? { error } : {}),
      ...(retriedPass ? { retries: [{ status: 'failed' as const, durationMs, error }] } : {}),
    });
    offset += durationMs;
  }
  const perf: JsonPerf[] = [];
  for (let i = 0; i < 4; i++) {
    const ts = new Date(at.getTime() + (offset * i) / 4).toISOString();
    perf.push(
      { metric: 'cpu_usage', value: Math.round((35 + r() * 50) * 10) / 10, unit: 'percent', ts },
      { metric: 'memory_usage', value: Math.round(300 + r() * 900), unit: 'MB', ts },
      { metric: 'network_latency', value: Math.round(20 + r() * 180), unit: 'ms', ts },
      ...(project === 'web' ? [{ metric: 'page_load_time', value: Math.round(800 + r() * 2200 * (1 + progress * 0.3)), unit: 'ms', ts }] : []),
    );
  }
  return {
    meta: {
      project,
      ciProvider: 'github-actions',
      buildId: String(100000 + Math.floor(r() * 900000)),
      buildUrl: `https://ci.example.com/${project}/builds/${Math.floor(r() * 1e6)}`,
      commitSha: Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join(''),
      branch,
      ...(branch !== 'main' ? { pullRequest: String(100 + Math.floor(r() * 900)) } : {}),
      environment,
      os,
      ...(browser ? { browser } : {}),
      startedAt: at.toISOString(),
      finishedAt: new Date(at.getTime() + offset).toISOString(),
    },
    results,
    perf,
  };
}
