import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSummary } from '../../src/reports/render/summary.ts';
import { sampleDoc } from './fixtures/sample-doc.ts';

const URL_ = 'https://grafana.example/d/abc/test-health?orgId=2';

test('summary shows headline numbers, changes vs previous and links back', () => {
  const doc = sampleDoc(0);
  const previous = {
    summary: {
      headline: [
        { label: 'Pass rate', value: 95, unit: 'percent' as const },
        { label: 'Failures', value: 250 },
      ],
      notes: [],
    },
  };
  const s = buildSummary(doc, previous, { dashboardUrl: URL_ });
  assert.equal(s.subject, 'Weekly test health — Проверка · 测试 — ACME Corp (Ωmega) — Pass rate 93.4%');
  assert.match(s.text, /Pass rate: 93\.4% \(−1\.7% from 95%\)/);
  assert.match(s.text, /Failures: 312 \(\+24\.8% from 250\)/);
  assert.match(s.text, /Tests run: 48\.2K \(\+8\.0%\)/, 'falls back to the change the query computed');
  assert.ok(s.text.includes(URL_));
  assert.ok(s.html.includes(`<a href="${URL_}">Open the dashboard</a>`));
  const blocks = s.slackBlocks as { type: string; elements?: { url?: string }[] }[];
  assert.equal(blocks[0]!.type, 'header');
  assert.equal(blocks.at(-1)!.elements![0]!.url, URL_);
  assert.equal(s.changes.find((c) => c.label === 'Failures')!.previous, '250');
});

test('user text is escaped for HTML and Slack', () => {
  const doc = sampleDoc(0);
  doc.title = '<script>alert(1)</script> & co';
  doc.summary!.notes = ['<@channel> ping & <b>'];
  const s = buildSummary(doc);
  assert.ok(!s.html.includes('<script>'));
  assert.ok(s.html.includes('&#60;script&#62;'));
  const json = JSON.stringify(s.slackBlocks);
  assert.ok(json.includes('&lt;@channel&gt; ping &amp; &lt;b&gt;'));
  assert.ok(!s.subject.includes('\n'));
});
