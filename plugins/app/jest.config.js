// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  ...base,
  // d3-color >= 3.1.1 ships `.mjs` as its main entry; the scaffold only transforms .js/.ts.
  transform: { ...base.transform, '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'] },
  // Unit tests live next to the code (src/**) plus contract tests in tests/ (plugin.json schema).
  // CI machines are shared: a first render that loads @grafana/ui took 30-60 s at load 40 on
  // 2 cores (seconds when idle). The limit is for hangs, not speed.
  testTimeout: 120000,
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.{js,ts}'],
};
