// One lint setup for the TypeScript backend, the shared packages and the benchmarks.
// The Grafana plugins keep create-plugin's own config (plugins/*/eslint.config.mjs),
// which uses the same parser, the same rules base and the same Prettier settings (.prettierrc.json).
import tsParser from '@typescript-eslint/parser';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'plugins/**', 'data/**', '.tsbuild/**', '**/*.tmp.ts', '**/*-tmp.ts', '**/*-tmp.mts'] },
  {
    files: ['backend/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tsPlugin },
    rules: {
      ...tsPlugin.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          // Invariant: config is read once at boot; nothing deeper reads the environment.
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through config/load.ts, not process.env.',
        },
      ],
    },
  },
  {
    // Entry points, tests and benchmarks may read the environment.
    files: ['backend/src/config/load.ts', 'backend/test/**', 'bench/**', 'backend/src/server.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
];
