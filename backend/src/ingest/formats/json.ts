/**
 * JSON and NDJSON reading with user-facing positions in the error messages.
 * Node's JSON.parse says "… at position N" (or "Unexpected end of JSON
 * input"); we turn that into line/column and a hint.
 */
import { malformed, positionOf } from './errors.ts';
import { jsonErrorOffset } from './json-locate.ts';

export function parseJsonDocument(text: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw malformed(describeJsonError(text, (err as Error).message, what));
  }
}

export function describeJsonError(text: string, raw: string, what: string): string {
  const at = /at position (\d+)/.exec(raw)?.[1];
  const offset = at !== undefined ? Number(at) : jsonErrorOffset(text);
  const truncated = /end of (JSON )?input/i.test(raw) || offset >= text.trimEnd().length;
  const { line, column } = positionOf(text, offset);
  const reason = cleanReason(raw);
  const hint = truncated ? ' — the file looks truncated' : '';
  return `${what} is not valid at line ${line}, column ${column}: ${reason}${hint}.`;
}

/** V8's message without the position suffix or the echoed snippet of input. */
function cleanReason(raw: string): string {
  return raw
    .replace(/\s*(\(line \d+ column \d+\)|in JSON at position \d+).*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/^JSON\.parse: /, '');
}

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

/**
 * NDJSON event streams (`go test -json`, Dart/Flutter `--reporter json`).
 * Lines that do not start with `{` are tool chatter mixed into the stream
 * (`go: downloading …`, build output) and are skipped; a line that starts
 * with `{` but does not parse is an error with its line number.
 */
export function parseJsonLines(text: string, what: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (!raw.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      const last = lines.slice(i + 1).every((l) => !l.trim());
      const msg = cleanReason((err as Error).message);
      throw malformed(
        `${what} line ${i + 1} is not valid JSON: ${msg}` +
          (last ? ' — the last line looks truncated (was the file cut off?).' : '.'),
      );
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.push({ line: i + 1, value: value as Record<string, unknown> });
    }
  }
  return out;
}

/** Narrowing readers for untyped JSON. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
