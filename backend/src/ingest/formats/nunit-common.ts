/** Pieces NUnit 2 and NUnit 3 results share: failure, skip reason, properties. */
import type { ParsedError } from '../model.ts';
import { appendValue } from './junit-properties.ts';
import { errorTypeFrom, firstLine, trimBlock } from './values.ts';
import { child, childrenNamed, type XmlElement } from './xml.ts';

export function readFailure(el: XmlElement): ParsedError | undefined {
  const f = child(el, 'failure');
  if (!f) return undefined;
  const message = trimBlock(child(f, 'message')?.text)?.trim();
  const stack = trimBlock(child(f, 'stack-trace')?.text);
  if (!message && !stack) return undefined;
  const out: ParsedError = {};
  const type = errorTypeFrom(message);
  if (type) out.type = type;
  if (message) out.message = message;
  if (stack) out.stack = stack;
  return out;
}

export function readReason(el: XmlElement): ParsedError | undefined {
  const message = firstLine(child(child(el, 'reason') ?? el, 'message')?.text);
  return message ? { message } : undefined;
}

/** `<properties>` without NUnit's internal ones (`_PID`, `_APPDOMAIN`, `_SKIPREASON` …). */
export function nunitProperties(el: XmlElement): Record<string, string> | undefined {
  const block = child(el, 'properties');
  if (!block) return undefined;
  let out: Record<string, string> | undefined;
  for (const p of childrenNamed(block, 'property')) {
    const name = p.attrs.name?.trim();
    if (!name || name.startsWith('_')) continue;
    out ??= Object.create(null) as Record<string, string>;
    out[name] = appendValue(out[name], p.attrs.value ?? '');
  }
  return out;
}
