/**
 * The tenant security cache (security/refresh-cache.ts): fresh values are
 * served without a load, aging ones are refreshed in the background, nothing
 * past the stale bound is served, and an invalidation beats a load in flight.
 * Time is a controlled clock, never the wall clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshCache } from '../../src/security/refresh-cache.ts';

function setup() {
  let now = 1_000;
  let version = 0;
  let loads = 0;
  const cache = new RefreshCache<string>(100, 100, () => now);
  const load = async () => {
    loads++;
    return `v${version}`;
  };
  return {
    cache,
    get: () => cache.get('t1', load),
    advance: (ms: number) => (now += ms),
    change: () => version++,
    loads: () => loads,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a fresh value is served from memory', async () => {
  const s = setup();
  assert.equal(await s.get(), 'v0');
  s.change();
  s.advance(99);
  assert.equal(await s.get(), 'v0');
  assert.equal(s.loads(), 1);
});

test('an aging value is served once more while one background refresh replaces it', async () => {
  const s = setup();
  await s.get();
  s.change();
  s.advance(150);
  // Two requests at once: both get the cached value, one refresh runs.
  assert.deepEqual(await Promise.all([s.get(), s.get()]), ['v0', 'v0'], 'served stale, not waited for');
  await settle();
  assert.equal(s.loads(), 2, 'one refresh for both requests');
  assert.equal(await s.get(), 'v1');
});

test('past the stale bound the request waits for a fresh load', async () => {
  const s = setup();
  await s.get();
  s.change();
  s.advance(200);
  assert.equal(await s.get(), 'v1');
});

test('an invalidation applies to the next request, even with a load in flight', async () => {
  let release: (v: string) => void = () => undefined;
  const cache = new RefreshCache<string>(100, 100, () => 0);
  const slow = cache.get('t1', () => new Promise<string>((resolve) => (release = resolve)));
  cache.invalidate('t1'); // e.g. a policy written while the old state was being read
  release('before-change');
  assert.equal(await slow, 'before-change', 'the caller that started the load gets its result');
  assert.equal(await cache.get('t1', async () => 'after-change'), 'after-change', 'but it was not cached');
  cache.invalidateAll();
  assert.equal(await cache.get('t1', async () => 'after-clear'), 'after-clear');
});

test('a failed background refresh keeps the old value until the stale bound', async () => {
  let now = 0;
  let fail = false;
  const cache = new RefreshCache<string>(100, 100, () => now);
  const load = async () => {
    if (fail) throw new Error('store down');
    return 'ok';
  };
  await cache.get('t1', load);
  fail = true;
  now = 150;
  assert.equal(await cache.get('t1', load), 'ok');
  await settle();
  assert.equal(await cache.get('t1', load), 'ok', 'still within the bound');
  now = 250;
  await assert.rejects(cache.get('t1', load), /store down/);
});

test('refreshAhead: an entry read within keepWarmMs is reloaded by its own timer, one unread for longer ages out', async () => {
  // Timers run in real time (ttl 20 ms); the keep-warm window is judged on the controlled clock.
  let now = 0;
  let loads = 0;
  let reloaded: () => void = () => undefined;
  const again = new Promise<void>((resolve) => (reloaded = resolve));
  const cache = new RefreshCache<string>(20, 1_000, () => now, { refreshAhead: { keepWarmMs: 100 } });
  const load = async () => {
    loads++;
    if (loads === 2) reloaded();
    return `v${loads}`;
  };
  const keepAlive = setInterval(() => undefined, 1_000); // the cache's timers are unref'd
  assert.equal(await cache.get('busy', load), 'v1');
  now = 10;
  assert.equal(await cache.get('busy', load), 'v1', 'read again: the entry is in use');
  await again; // the timer reloaded it; no request waited for that
  now = 500; // past the window of the last read (10): no further timer reloads
  await settle();
  assert.equal(loads, 2);
  assert.equal(await cache.get('busy', load), 'v2');

  let idleLoads = 0;
  now = 1_000;
  await cache.get('idle', async () => `i${++idleLoads}`);
  now = 5_000; // its last read is now older than keepWarmMs
  await new Promise((resolve) => setTimeout(resolve, 60)); // its 20 ms timer fires first
  assert.equal(idleLoads, 1, 'not read for longer than keepWarmMs: no reload');
  clearInterval(keepAlive);
  cache.invalidateAll();
});

test('peekFresh answers without a promise only what get() would serve without a load, and nothing after an invalidation', async () => {
  const s = setup();
  assert.equal(s.cache.peekFresh('t1'), undefined);
  assert.equal(await s.get(), 'v0');
  assert.equal(s.cache.peekFresh('t1'), 'v0');
  s.advance(100); // aged: get() would refresh, so the synchronous path declines
  assert.equal(s.cache.peekFresh('t1'), undefined);
  assert.equal(await s.get(), 'v0'); // stale value served while the refresh starts
  await settle();
  s.cache.invalidateAll();
  assert.equal(s.cache.peekFresh('t1'), undefined);
  assert.equal(s.loads(), 2);
});
