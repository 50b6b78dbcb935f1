import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOwnerResolver, parseCodeowners } from '../../src/intelligence/owners/codeowners.ts';
import { patternToRegex } from '../../src/intelligence/owners/pattern.ts';
import { AppError } from '../../src/errors/app-error.ts';

// The example file from GitHub's CODEOWNERS documentation, shortened.
const CODEOWNERS = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
\\#notes.md @hash-owner
my\\ file.txt @space-owner
`;

const resolver = createOwnerResolver({ codeowners: CODEOWNERS });
const owners = (f: string) => resolver.resolveOwner(f);

test('the last matching pattern wins', () => {
  assert.deepEqual(owners('README.md'), ['@global-owner1', '@global-owner2']);
  assert.deepEqual(owners('src/index.js'), ['@js-owner']);
  assert.deepEqual(owners('cmd/main.go'), ['docs@example.com']);
  assert.deepEqual(owners('scripts/deploy.js'), ['@doctocat', '@octocat']); // /scripts/ comes after *.js
});

test('inline comments are not owners', () => {
  assert.deepEqual(owners('a.js'), ['@js-owner']);
});

test('leading slash anchors at the root; a trailing slash owns the whole directory', () => {
  assert.deepEqual(owners('build/logs/out.log'), ['@octocat']); // **/logs (later) beats /build/logs/
  assert.deepEqual(owners('build/logs/deep/a.log'), ['@octocat']);
  assert.deepEqual(owners('docs/guide/intro.md'), ['@doctocat']);
  assert.deepEqual(owners('src/docs/guide.md'), ['@global-owner1', '@global-owner2']); // /docs/ is anchored
});

test('unanchored directory patterns match at any depth', () => {
  assert.deepEqual(owners('web/apps/x.md'), ['@octocat']); // apps/
  assert.deepEqual(owners('deep/a/logs/x.md'), ['@octocat']); // **/logs
});

test('a pattern without owners leaves the path unowned', () => {
  assert.deepEqual(owners('apps/github/x.md'), []);
  assert.deepEqual(owners('apps/other/x.md'), ['@octocat']);
});

test('escaped characters are literal', () => {
  assert.deepEqual(owners('#notes.md'), ['@hash-owner']);
  assert.deepEqual(owners('my file.txt'), ['@space-owner']);
  assert.deepEqual(owners('other.txt'), ['@octo-org/octocats']);
});

test('glob semantics: * stays in one segment, ** spans, ? is one character, dir/* is direct children only', () => {
  assert.ok(patternToRegex('docs/*').test('docs/a.md'));
  assert.ok(!patternToRegex('docs/*').test('docs/a/b.md'));
  assert.ok(patternToRegex('src/**/test_*.py').test('src/test_a.py'));
  assert.ok(patternToRegex('src/**/test_*.py').test('src/a/b/test_a.py'));
  assert.ok(!patternToRegex('src/**/test_*.py').test('lib/src/a/test_a.py'));
  assert.ok(patternToRegex('file?.ts').test('x/file1.ts'));
  assert.ok(!patternToRegex('file?.ts').test('file12.ts'));
  assert.ok(patternToRegex('/a/**').test('a/b/c'));
  assert.ok(patternToRegex('*.test.ts').test('deep/x.test.ts'));
  assert.ok(!patternToRegex('*.test.ts').test('x.test.tsx'));
});

test('test files arrive with Windows separators, ./ prefixes or absolute checkout paths', () => {
  const r = createOwnerResolver({ codeowners: '/src/billing/ @billing\n', stripPrefix: '/home/runner/work/app/app' });
  assert.deepEqual(r.resolveOwner('src\\billing\\invoice.test.ts'), ['@billing']);
  assert.deepEqual(r.resolveOwner('./src/billing/a.ts'), ['@billing']);
  assert.deepEqual(r.resolveOwner('/home/runner/work/app/app/src/billing/a.ts'), ['@billing']);
  assert.deepEqual(r.resolveOwner(''), []);
});

test('API path rules override the CODEOWNERS file', () => {
  const r = createOwnerResolver({ codeowners: '* @everyone\n/src/ @src-team\n', rules: [{ pattern: 'src/payments/**', owners: ['@payments'] }] });
  assert.deepEqual(r.resolveOwner('src/payments/x.ts'), ['@payments']);
  assert.deepEqual(r.resolveOwner('src/other.ts'), ['@src-team']);
  assert.deepEqual(r.resolveOwner('README.md'), ['@everyone']);
});

test('parser: comments and blank lines skipped; oversize patterns refused', () => {
  assert.deepEqual(parseCodeowners('# c\n\n  *.md   @a  @b  # trailing\n'), [{ pattern: '*.md', owners: ['@a', '@b'] }]);
  assert.throws(() => createOwnerResolver({ rules: [{ pattern: 'x'.repeat(501), owners: [] }] }), AppError);
});
