/**
 * Error-text normalization: replaces the volatile parts of an error message
 * (numbers, ids, hex, UUIDs, timestamps, temp and home paths, quoted values,
 * line:column numbers, addresses, durations, ports, e-mails, URLs) with
 * placeholders, so two occurrences of one failure normalize to the same text.
 *
 * Invariants: pure, deterministic, linear-time regexes only (no nested
 * quantifiers), input capped at MAX_INPUT chars so a 10 MB stack cannot stall
 * ingestion. Order matters: wide tokens (URLs, paths, UUIDs, timestamps) are
 * replaced before the generic number rule would chop them up.
 */

export const MAX_INPUT = 8000;
/** Normalized text kept for the signature; the tail of a long message is noise. */
export const MAX_NORMALIZED = 600;

type Rule = readonly [RegExp, string];

const RULES: readonly Rule[] = [
  // URLs and e-mails first: they contain digits, hosts, ports and paths.
  [/\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'`<>()]+/gi, '<url>'],
  [/\b[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}\b/gi, '<email>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // ISO-8601 dates and timestamps, with optional time, fraction and zone.
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC)?)?/g, '<ts>'],
  // Clock times and h:mm:ss.ffffff durations (Dart prints 0:00:00.000001).
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  // Temp directories: POSIX, macOS and Windows.
  [/(?:\/private)?\/(?:tmp|var\/tmp|var\/folders)\/[^\s"'`:)]*/g, '<tmp>'],
  [/[a-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp\\[^\s"'`:)]*/gi, '<tmp>'],
  // Home directories differ per CI machine; keep the path below them.
  [/[a-z]:\\Users\\[^\\\s]+\\/gi, '~\\'],
  [/\/(?:home|Users)\/[^/\s]+\//g, '~/'],
  // Addresses and long hex (commit shas, object ids, hashes).
  [/\b0x[0-9a-f]+\b/gi, '<addr>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // IPv4 (before ports and numbers), then host:port.
  [/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>'],
  // Source positions (file.ext:12:34) before ports, so "a.ts:13:3" is not a host.
  [/:\d+:\d+\b/g, ':<n>:<n>'],
  // host:port; a name ending in a source-file extension is a file, not a host.
  [/(?<![\w.-])(localhost|<ip>|[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?!(?:json|[cm]?[jt]sx?|py|go|java|kt|cs|cpp|cc|c|h|hpp|rb|dart|php|phpt|xml|ya?ml|txt|rs|swift|scala|feature)\b)[a-z][a-z0-9-]*):\d{2,5}\b/gi, '$1:<port>'],
  [/\bline \d+\b/gi, 'line <n>'],
  // Durations with a unit.
  [/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b/gi, '<dur>'],
  // Quoted values: the value varies, the quoting shows the shape.
  [/"(?:[^"\\\n]|\\.){0,200}"/g, '"<str>"'],
  [/'(?:[^'\\\n]|\\.){0,200}'/g, "'<str>'"],
  [/`[^`\n]{0,200}`/g, '`<str>`'],
  // Ids glued with _ or - (order_12345, job-987) and free numbers.
  [/([_-])\d{2,}\b/g, '$1<n>'],
  [/(?<![\w])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '<n>'],
];

/** Normalizes one error text; see the module comment for what is replaced. */
export function normalizeText(input: string): string {
  let text = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  text = text.replace(/\r\n?/g, '\n');
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  text = text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
  return text.length > MAX_NORMALIZED ? text.slice(0, MAX_NORMALIZED) : text;
}
