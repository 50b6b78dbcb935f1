/**
 * Bytes → text. Reports arrive as UTF-8 (with or without BOM), sometimes as
 * UTF-16 (Visual Studio and PowerShell write TRX/XML that way) and rarely in a
 * legacy single-byte encoding named in the XML declaration. Gzip is undone by
 * the upload route before this runs.
 */

import { TextDecoder } from 'node:util';

const UTF8 = new TextDecoder('utf-8');

export function decodeBody(body: Buffer): string {
  if (body.length >= 2) {
    const b0 = body[0];
    const b1 = body[1];
    if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(body.subarray(2));
    if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
    // BOM-less UTF-16 XML: "<" followed or preceded by a NUL byte.
    if (b0 === 0x3c && b1 === 0x00) return new TextDecoder('utf-16le').decode(body);
    if (b0 === 0x00 && b1 === 0x3c) return new TextDecoder('utf-16be').decode(body);
  }
  const legacy = declaredLegacyEncoding(body);
  if (legacy) return legacy.decode(body);
  // TextDecoder drops a leading UTF-8 BOM by default.
  return UTF8.decode(body);
}

/** A decoder for `<?xml … encoding="ISO-8859-1"?>` and friends; undefined for UTF-8. */
function declaredLegacyEncoding(body: Buffer): TextDecoder | undefined {
  const head = body.subarray(0, 200).toString('latin1');
  const match = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  const label = match?.[1]?.toLowerCase();
  if (!label || label === 'utf-8' || label === 'utf8' || label.startsWith('utf-16')) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined; // unknown label: UTF-8 is the best guess
  }
}
