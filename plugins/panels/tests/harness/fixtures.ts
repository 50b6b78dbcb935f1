/**
 * Demo data for the screenshots, shaped like the backend's answers: a suite × environment pass
 * rate matrix, failure signatures, and per-test outcome histories.
 */
import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';

const suites = ['api', 'checkout', 'login', 'search', 'profile', 'payments', 'admin', 'reports'];
const envs = ['dev', 'staging', 'prod-eu', 'prod-us', 'canary'];

export function healthMatrix(): DataFrame[] {
  const rows: Array<[string, string, number, number]> = [];
  suites.forEach((s, i) =>
    envs.forEach((e, j) => {
      if ((i + j) % 7 === 6) {
        return; // a missing pair: suite not run in that environment
      }
      const rate = Math.max(0.4, 1 - (((i * 13 + j * 7) % 10) / 10) ** 2 * 0.6);
      rows.push([s, e, Math.round(rate * 1000) / 1000, 40 + ((i * 31 + j * 17) % 200)]);
    })
  );
  return [
    toDataFrame({
      name: 'health',
      fields: [
        { name: 'suite', type: FieldType.string, values: rows.map((r) => r[0]) },
        { name: 'environment', type: FieldType.string, values: rows.map((r) => r[1]) },
        { name: 'pass_rate', type: FieldType.number, values: rows.map((r) => r[2]) },
        { name: 'results', type: FieldType.number, values: rows.map((r) => r[3]) },
      ],
    }),
  ];
}

const T0 = Date.UTC(2026, 10, 25, 6, 0, 0);

export function failureClusters(): DataFrame[] {
  const sigs: Array<[string, string, number, number]> = [
    ['AssertionError', 'expected <n> to equal <n>', 412, 38],
    ['AssertionError', 'expected element <selector> to be visible', 230, 21],
    ['AssertionError', 'expected status <n> but got <n>', 96, 12],
    ['TimeoutError', 'waiting for selector <selector> failed: timeout <n>ms exceeded', 310, 44],
    ['TimeoutError', 'navigation timeout of <n> ms exceeded', 74, 9],
    ['NetworkError', 'connect ECONNREFUSED <ip>:<n>', 120, 30],
    ['NetworkError', 'socket hang up', 18, 4],
    ['TypeError', "cannot read properties of undefined (reading '<id>')", 57, 6],
    ['NullPointerException', 'at com.example.cart.CartService.total(CartService.java:<n>)', 44, 3],
    ['TypeError', 'x is not a function', 8, 2],
  ];
  return [
    toDataFrame({
      name: 'clusters',
      fields: [
        { name: 'error_type', type: FieldType.string, values: sigs.map((s) => s[0]) },
        { name: 'signature', type: FieldType.string, values: sigs.map((s) => s[1]) },
        { name: 'failures', type: FieldType.number, values: sigs.map((s) => s[2]) },
        { name: 'affected_tests', type: FieldType.number, values: sigs.map((s) => s[3]) },
        { name: 'first_seen', type: FieldType.time, values: sigs.map((_, i) => T0 - (i + 1) * 86_400_000) },
        { name: 'last_seen', type: FieldType.time, values: sigs.map((_, i) => T0 + i * 600_000) },
      ],
    }),
  ];
}

export function runTimeline(): DataFrame[] {
  const tests = [
    ['checkout › pays with saved card', '@payments'],
    ['checkout › applies coupon', '@payments'],
    ['login › remembers the user', '@auth'],
    ['login › locks after 5 attempts', '@auth'],
    ['search › finds by SKU', '@discovery'],
    ['search › paginates', '@discovery'],
    ['profile › uploads avatar', ''],
    ['admin › exports users as CSV', '@platform'],
    ['reports › renders PDF', '@platform'],
    ['api › rate limits per tenant', '@platform'],
  ];
  const patterns = ['PPPPPPPPPPPPPPPPPPPPPPPP', 'PPFPPFPPRPPPFPPPPRPPFPPP', 'PPPPPPSSSPPPPPPPPPPPPPPP', 'FFFFFFFFPPPPPPPPPPPPPPPP',
    'PRPRPPRPPPRPPPPRPPPRPPPP', 'PPPPPPPPPPPPQQQQQQQQQQQQ', 'PFPFPFPFPFPFPFPFPFPFPFPF', 'PPPPPPPPPPPPPPPPPPPPPPFF', 'SSSSPPPPPPPPPPPPPPPPPPPP', 'PPPPPPPPPPPFPPPPPPPPPPPP'];
  const word: Record<string, string> = { P: 'passed', F: 'failed', R: 'passed_on_retry', S: 'skipped', Q: 'quarantined' };
  const time: number[] = [];
  const test: string[] = [];
  const status: string[] = [];
  const owner: string[] = [];
  const run: string[] = [];
  tests.forEach(([name, own], i) => {
    [...patterns[i]!].forEach((ch, k) => {
      time.push(T0 + k * 3_600_000);
      test.push(name!);
      status.push(word[ch]!);
      owner.push(own!);
      run.push(`run-${1000 + k}`);
    });
  });
  return [
    toDataFrame({
      name: 'outcomes',
      fields: [
        { name: 'time', type: FieldType.time, values: time },
        { name: 'test', type: FieldType.string, values: test },
        { name: 'status', type: FieldType.string, values: status },
        { name: 'owner', type: FieldType.string, values: owner },
        { name: 'run_id', type: FieldType.string, values: run },
      ],
    }),
  ];
}

/** 100 × 100 health matrix: the 10,000-cell case, rendered for real in Chromium. */
export function largeMatrix(): DataFrame[] {
  const s: string[] = [];
  const e: string[] = [];
  const v: number[] = [];
  for (let i = 0; i < 100; i++) {
    for (let j = 0; j < 100; j++) {
      s.push(`suite-${String(i).padStart(2, '0')}`);
      e.push(`env-${String(j).padStart(2, '0')}`);
      v.push(((i * 37 + j * 11) % 100) / 100);
    }
  }
  return [
    toDataFrame({
      fields: [
        { name: 'suite', type: FieldType.string, values: s },
        { name: 'environment', type: FieldType.string, values: e },
        { name: 'pass_rate', type: FieldType.number, values: v },
      ],
    }),
  ];
}

/** 500 tests × 20 runs: the 10,000-cell timeline. */
export function largeTimeline(): DataFrame[] {
  const statuses = ['passed', 'passed', 'passed', 'failed', 'passed_on_retry', 'skipped', 'quarantined'];
  const time: number[] = [];
  const test: string[] = [];
  const status: string[] = [];
  const owner: string[] = [];
  for (let t = 0; t < 500; t++) {
    for (let k = 0; k < 20; k++) {
      time.push(T0 + k * 3_600_000);
      test.push(`suite-${t % 23} › case ${t}`);
      status.push(statuses[(t * 7 + k * (t % 5)) % statuses.length]!);
      owner.push(`@team-${t % 6}`);
    }
  }
  return [
    toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: time },
        { name: 'test', type: FieldType.string, values: test },
        { name: 'status', type: FieldType.string, values: status },
        { name: 'owner', type: FieldType.string, values: owner },
      ],
    }),
  ];
}

export const fixtures = { healthMatrix, failureClusters, runTimeline, largeMatrix, largeTimeline };
