/**
 * Node side shared by the live browser harnesses: bundles a host page with esbuild, serves it and
 * the plugins' built dist/ folders on a fake origin the way Grafana serves them
 * (/public/plugins/<id>/…, @grafana/ui icons under /public/build/img/icons/), forwards `/api/**`
 * to the grafana-standin, launches Debian's Chromium, and collects page problems (uncaught errors,
 * console errors, HTTP errors) so a harness can fail on any of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../live/backend.mts';
import { cjsDefaultInterop } from './cjsInterop.ts';

export const ORIGIN = 'http://harness.test';
/** Icons Grafana's app ships itself (not in @grafana/ui's icon set): plain stand-ins. */
const APP_ICONS: Record<string, string> = {
  'unicons/spinner.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>',
  'mono/circle-mono.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle fill="currentColor" cx="12" cy="12" r="6"/></svg>',
};

/**
 * The faces @grafana/ui's GlobalStyles load from public/fonts/ (Grafana's app ships them): Inter and
 * Roboto Mono, served from the @fontsource packages (same fonts, OFL, latin subset).
 */
const FONTS: Record<string, string> = {
  'inter/Inter-Regular.woff2': '@fontsource/inter/files/inter-latin-400-normal.woff2',
  'inter/Inter-Medium.woff2': '@fontsource/inter/files/inter-latin-500-normal.woff2',
  'inter/Inter-Italic.woff2': '@fontsource/inter/files/inter-latin-400-italic.woff2',
  'inter/Inter-MediumItalic.woff2': '@fontsource/inter/files/inter-latin-500-italic.woff2',
  'roboto/L0xTDF4xlVMF-BfR8bXMIhJHg45mwgGEFl0_3vrtSM1J-gEPT5Ese6hmHSh0mQ.woff2': '@fontsource/roboto-mono/files/roboto-mono-latin-400-normal.woff2',
};

export async function bundleHost(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    // HARNESS_REACT_DEV=1: React's development build, whose errors name the component (not #130).
    define: { 'process.env.NODE_ENV': process.env.HARNESS_REACT_DEV ? '"development"' : '"production"', global: 'window' },
    loader: { '.css': 'empty', '.svg': 'text', '.woff': 'empty', '.woff2': 'empty' },
    logLevel: 'error',
    plugins: [cjsDefaultInterop],
  });
  return out.outputFiles[0]!.text;
}

export interface PageSetup {
  host: string;
  /** plugin id → its built dist/ folder */
  plugins: Record<string, string>;
  apiUrl: string;
}

export async function servePage(page: Page, setup: PageSetup): Promise<void> {
  const systemjs = join(repoRoot, 'node_modules', 'systemjs', 'dist');
  const files: Record<string, [string | Buffer, string]> = {
    '/index.html': [readFileSync(join(import.meta.dirname, 'page.html'), 'utf8'), 'text/html'],
    '/host.js': [setup.host, 'text/javascript'],
    '/system.min.js': [readFileSync(join(systemjs, 'system.min.js'), 'utf8'), 'text/javascript'],
    '/amd.min.js': [readFileSync(join(systemjs, 'extras', 'amd.min.js'), 'utf8'), 'text/javascript'],
    '/uplot.css': [readFileSync(join(repoRoot, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), 'utf8'), 'text/css'],
    ...Object.fromEntries(Object.entries(APP_ICONS).map(([k, svg]) => [`/public/build/img/icons/${k}`, [svg, 'image/svg+xml']])),
    ...Object.fromEntries(Object.entries(FONTS).map(([k, file]) => [`/public/fonts/${k}`, [readFileSync(join(repoRoot, 'node_modules', file)), 'font/woff2']])),
  };
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      return route.fulfill({ response: await route.fetch({ url: `${setup.apiUrl}${path}${url.search}` }) });
    }
    const m = /^\/public\/plugins\/([^/]+)\/(.+)$/.exec(path);
    const dist = m ? setup.plugins[m[1]!] : undefined;
    if (m && dist && existsSync(join(dist, m[2]!))) {
      return route.fulfill({ body: readFileSync(join(dist, m[2]!)), contentType: m[2]!.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' });
    }
    const icon = /^\/public\/build\/img\/icons\/(.+\.svg)$/.exec(path);
    if (icon && !files[path]) {
      // Grafana serves @grafana/ui's icon SVGs from public/build; serve the same files.
      const svg = join(repoRoot, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons', icon[1]!);
      return existsSync(svg) ? route.fulfill({ body: readFileSync(svg), contentType: 'image/svg+xml' }) : route.fulfill({ status: 404, body: '' });
    }
    const f = files[path];
    return f ? route.fulfill({ body: f[0], contentType: f[1] }) : route.fulfill({ status: 404, body: 'not found' });
  });
}

export function watchProblems(page: Page, tag: string, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`${tag}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      problems.push(`${tag}: HTTP ${r.status()} ${r.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`${tag}: console: ${msg.text()}`);
    }
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Live event streams go from the page (fake public origin) straight to the stand-in on loopback;
      // Private Network Access would block that, and Playwright's routing cannot stream.
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
    ],
  });
}
