// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  ...base,
  // d3-color >= 3.1.1 ships `.mjs` as its main entry; the scaffold only transforms .js/.ts.
  transform: { ...base.transform, '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'] },
  // Unit tests live next to the code (src/**) plus contract tests in tests/ (plugin.json schema).
  // The machine running CI is shared; RTL flows with @grafana/ui take seconds under load.
  testTimeout: 30000,
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.{js,ts}'],
};
