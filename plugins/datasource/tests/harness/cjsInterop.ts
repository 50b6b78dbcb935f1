/**
 * esbuild plugin for the harness host bundles: default imports of CommonJS modules from `.mjs` files
 * the way webpack (Grafana's bundler) resolves them.
 *
 * Why: @grafana/ui ships `.mjs`; its CustomScrollbar does `import Scrollbars from
 * 'react-custom-scrollbars-2'`, a CommonJS module with `exports.__esModule` and `exports.default`.
 * webpack gives the importer `exports.default`; esbuild follows Node's rule for `.mjs` importers and
 * gives the whole `exports` object, so every @grafana/ui Table (it scrolls with CustomScrollbar)
 * rendered an object as a component: React error #130, a blank page. Grafana itself never had the
 * bug; only the harness host did.
 *
 * How: such an import is routed through a virtual re-export (not `.mjs`, so esbuild applies the
 * `__esModule` interop there), and everything else resolves untouched.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

const NS = 'cjs-default-interop';

/** CommonJS that declares itself transpiled ESM (`exports.__esModule`): its default is `exports.default`. */
function isTranspiledCjs(file: string): boolean {
  if (!/\.c?js$/.test(file)) {
    return false;
  }
  const src = readFileSync(file, 'utf8');
  return /__esModule/.test(src) && !/^\s*(import|export)\s/m.test(src);
}

export const cjsDefaultInterop: Plugin = {
  name: NS,
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (!args.importer.endsWith('.mjs') || args.kind !== 'import-statement' || args.pluginData === NS) {
        return undefined;
      }
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: NS });
      if (resolved.errors.length > 0 || resolved.external || !isTranspiledCjs(resolved.path)) {
        return undefined;
      }
      return { path: resolved.path, namespace: NS };
    });
    build.onLoad({ filter: /.*/, namespace: NS }, (args) => {
      const target = JSON.stringify(args.path);
      return { contents: `export * from ${target};\nexport { default } from ${target};\n`, resolveDir: dirname(args.path), loader: 'js' };
    });
  },
};
