import { readFileSync } from 'fs';
import { join } from 'path';
import { dataFrameFromJSON, FieldType, getTimeField } from '@grafana/data';

// Frames written by the Go backend (pkg/plugin/testdata, pinned by TestGoldenFramesForFrontend),
// read with @grafana/data's own decoder: no hand-written parser on either side.
const golden = (name: string) =>
  dataFrameFromJSON(JSON.parse(readFileSync(join(__dirname, '..', 'pkg', 'plugin', 'testdata', name), 'utf8')));

describe('Go → frontend frame contract', () => {
  it('alert-shaped frames keep one labelled numeric series per project', () => {
    const frame = golden('alert_frame.json');
    expect(getTimeField(frame).timeField?.type).toBe(FieldType.time);
    const series = frame.fields.filter((f) => f.type === FieldType.number);
    expect(series.map((f) => f.labels?.project).sort()).toEqual(['api', 'web']);
    const api = series.find((f) => f.labels?.project === 'api')!;
    expect(api.values).toEqual([0.95, 0.97]);
    expect(api.config.displayNameFromDS).toBe('api');
    expect(api.config.unit).toBe('percentunit');
  });

  it('live batch frames carry the coalesced counts', () => {
    const frame = golden('stream_frame.json');
    const byName = Object.fromEntries(frame.fields.map((f) => [f.name, f.values[0]]));
    expect(byName).toEqual({ time: 1700000000000, batches: 3, runs: 3, results: 120, passed: 110, failed: 8, skipped: 2 });
  });
});
