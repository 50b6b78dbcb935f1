/**
 * Load generator for the ingest benchmark, run as a separate process so the
 * client's own JSON and HTTP work does not compete with the server's event
 * loop. Prints one JSON line: {elapsedMs, requests, failures}.
 *   node --import tsx bench/lib/upload-client.ts <base> <key> <json|junit> <requests> <resultsPerRequest> <concurrency> <runPrefix>
 */
const [base, key, mode, requestsArg, sizeArg, concurrencyArg, prefix] = process.argv.slice(2);
const requests = Number(requestsArg);
const size = Number(sizeArg);
const concurrency = Number(concurrencyArg);

function jsonBody(i: number): string {
  const results = Array.from({ length: size }, (_, k) => ({
    suite: `suite-${k % 20}`,
    name: `test ${k} handles case ${i % 7}`,
    className: `com.acme.Suite${k % 20}`,
    file: `src/test/Suite${k % 20}.java`,
    status: k % 17 === 0 ? 'failed' : k % 29 === 0 ? 'skipped' : 'passed',
    durationMs: (k * 37) % 900,
    ...(k % 17 === 0 ? { error: { type: 'AssertionError', message: `expected ${k} to equal ${k + 1}`, stack: `at Suite${k % 20}.test(Suite.java:${k})` } } : {}),
  }));
  return JSON.stringify({ runId: `${prefix}-${i}`, project: 'bench', branch: 'main', environment: 'ci', results });
}

function junitBody(i: number): string {
  const cases = Array.from({ length: size }, (_, k) =>
    `<testcase classname="com.acme.Suite${k % 20}" name="test ${k} case ${i % 7}" time="${((k * 37) % 900) / 1000}">${k % 17 === 0 ? `<failure message="expected ${k}" type="AssertionError">at Suite.java:${k}</failure>` : ''}</testcase>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><testsuites><testsuite name="bench-${i}" tests="${size}">${cases}</testsuite></testsuites>`;
}

// Bodies are built before the clock starts: the server's work is what is measured.
const bodies = Array.from({ length: requests }, (_, i) => (mode === 'json' ? jsonBody(i) : junitBody(i)));
let next = 0;
let failures = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const i = next++;
      const url = mode === 'json' ? `${base}/api/v1/runs` : `${base}/api/v1/uploads?format=junit&runId=${prefix}-${i}`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': mode === 'json' ? 'application/json' : 'application/xml' },
        body: bodies[i],
      });
      await res.arrayBuffer();
      if (res.status !== 201) failures++;
    }
  }),
);
console.log(JSON.stringify({ elapsedMs: performance.now() - started, requests, failures }));
