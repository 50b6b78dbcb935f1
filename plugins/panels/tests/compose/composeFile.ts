/**
 * Reads docker-compose.yml the way `docker compose` does for the parts we check: YAML 1.1 merge
 * keys (`<<`), then `${VAR}` interpolation with values from .env.example. Kept apart from the
 * test so each check reads as one statement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

export function readEnvExample(): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of readFileSync(join(repoRoot, '.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) {
      env.set(m[1]!, m[2]!);
    }
  }
  return env;
}

const VAR = /\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Z_][A-Z0-9_]*)/g;

/** Every variable name the file interpolates (`$$` is an escaped dollar, not a variable). */
export function referencedVariables(text: string): Set<string> {
  const names = new Set<string>();
  const code = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  for (const m of code.matchAll(VAR)) {
    const name = m[1] ?? m[4];
    if (name) {
      names.add(name);
    }
  }
  return names;
}

/** Compose interpolation: ${V}, ${V:-default}, ${V-default}, ${V:?error}, ${V?error}, $V, $$. */
export function interpolate(text: string, env: Map<string, string>): string {
  return text.replace(VAR, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') {
      return '$$'; // left for the container's shell, as compose does after unescaping
    }
    const name = (braced ?? bare)!;
    const value = env.get(name);
    const unsetOrEmpty = value === undefined || value === '';
    if (op === ':-') {
      return unsetOrEmpty ? arg! : value!;
    }
    if (op === '-') {
      return value === undefined ? arg! : value;
    }
    if ((op === ':?' && unsetOrEmpty) || (op === '?' && value === undefined)) {
      throw new Error(`required variable ${name}: ${arg}`);
    }
    return value ?? '';
  });
}

export type Compose = {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [k: string]: unknown;
};

export type Service = {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: Array<string | { type: string; source?: string; target: string }>;
  healthcheck?: { test: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
  [k: string]: unknown;
};

export function loadCompose(): { raw: string; compose: Compose } {
  const raw = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
  const compose = parse(interpolate(raw, readEnvExample()), { merge: true }) as Compose;
  return { raw, compose };
}

export interface BindMount {
  service: string;
  source: string;
  target: string;
}

/** Host-path mounts (short syntax starting with . / ~, or long syntax type: bind). */
export function bindMounts(compose: Compose): BindMount[] {
  const out: BindMount[] = [];
  for (const [service, s] of Object.entries(compose.services)) {
    for (const v of s.volumes ?? []) {
      if (typeof v === 'string') {
        const [source, target] = v.split(':');
        if (source && target && /^[./~]/.test(source)) {
          out.push({ service, source, target });
        }
      } else if (v.type === 'bind' && v.source) {
        out.push({ service, source: v.source, target: v.target });
      }
    }
  }
  return out;
}

export function environmentOf(s: Service): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(s.environment)) {
    for (const kv of s.environment) {
      const i = kv.indexOf('=');
      env[i < 0 ? kv : kv.slice(0, i)] = i < 0 ? '' : kv.slice(i + 1);
    }
  } else {
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      env[k] = v === null ? '' : String(v);
    }
  }
  return env;
}
