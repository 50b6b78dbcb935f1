// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  ...base,
  // d3-color >= 3.1.1 ships `.mjs` as main; the scaffold's transform only matches .js/.ts.
  // jsdom resolves the "browser" (ESM) build of yaml; the provisioning test wants the CommonJS one.
  moduleNameMapper: { ...base.moduleNameMapper, '^yaml$': require.resolve('yaml') },
  transform: { ...base.transform, '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'] },
  // Unit tests live next to the code (src/**) plus contract tests in tests/ (plugin.json schema).
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.{js,ts}'],
};
