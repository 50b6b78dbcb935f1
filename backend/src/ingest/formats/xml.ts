/**
 * Safe XML reading for report files.
 *
 * Threats: entity expansion ("billion laughs") and external entities (XXE,
 * `<!ENTITY x SYSTEM "file:///etc/passwd">`). Invariant: no markup declaration
 * ever reaches the parser — any `<!…>` that is not a comment or CDATA
 * (`<!DOCTYPE`, `<!ENTITY`, …) is refused up front — and fast-xml-parser runs
 * with entity processing OFF, so it never expands or resolves anything. We
 * decode only the five predefined entities and numeric character references
 * ourselves; any other `&name;` stays literal text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { malformed, positionOf } from './errors.ts';

/** A plain element tree: what the format parsers walk. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated direct text and CDATA content, entity-decoded, untrimmed. */
  readonly text: string;
}

const MAX_DEPTH = 256;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_DEPTH,
});

export function parseXml(xml: string): XmlElement {
  refuseDeclarations(xml);
  const verdict = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (verdict !== true) throw malformed(describeXmlError(xml, verdict.err));
  let nodes: unknown;
  try {
    nodes = parser.parse(xml);
  } catch (err) {
    throw malformed(`XML could not be read: ${(err as Error).message}`);
  }
  const root = (nodes as RawNode[]).map((n) => toElement(n, 0)).find((e) => e !== undefined);
  if (!root) throw malformed('XML has no root element.');
  return root;
}

function refuseDeclarations(xml: string): void {
  for (let i = xml.indexOf('<!'); i !== -1; i = xml.indexOf('<!', i + 2)) {
    const close = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<![CDATA[', i) ? ']]>' : undefined;
    if (close) {
      const end = xml.indexOf(close, i + 4);
      if (end === -1) return; // unterminated: the validator reports it with a position
      i = end;
      continue;
    }
    const { line, column } = positionOf(xml, i);
    throw malformed(
      `XML contains a DOCTYPE/ENTITY declaration at line ${line}, column ${column}. ` +
        'Declarations are refused for security (entity expansion, external entities); ' +
        'test reports never need them — remove the <!DOCTYPE …> block and upload again.',
    );
  }
}

interface ValidationError {
  code: string;
  msg: string;
  line: number;
  col: number;
}

function describeXmlError(xml: string, err: ValidationError): string {
  // The validator reports "elements never closed" as a list at line 1.
  const unclosed = /^Invalid '\[(.*)\]' found/s.exec(err.msg);
  if (unclosed?.[1] !== undefined) {
    const names = [...unclosed[1].matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
    const { line, column } = positionOf(xml, xml.trimEnd().length);
    return (
      `XML is not well-formed at line ${line}, column ${column}: unexpected end of input, ` +
      `${names.join(', ')} never closed — the file looks truncated (was the upload cut off or written while the test run was still going?).`
    );
  }
  return `XML is not well-formed at line ${err.line}, column ${err.col}: ${err.msg}`;
}

type RawNode = Record<string, unknown>;

function toElement(node: RawNode, depth: number): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata');
  if (name === undefined) return undefined;
  const rawAttrs = node[':@'] as Record<string, unknown> | undefined;
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  if (rawAttrs) for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = decodeEntities(String(v));
  const children: XmlElement[] = [];
  let text = '';
  let cdata = '';
  let hasCdata = false;
  for (const child of node[name] as RawNode[]) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) {
      const c = cdataText(child['#cdata']);
      text += c;
      cdata += c;
      hasCdata = true;
    } else if (depth < MAX_DEPTH) {
      const el = toElement(child, depth + 1);
      if (el) children.push(el);
    }
  }
  // `<failure>\n      <![CDATA[trace]]>\n    </failure>`: the indentation
  // around a CDATA block is layout, not content.
  if (hasCdata && text.length !== cdata.length && text.replace(cdata, '').trim() === '') text = cdata;
  return { name, attrs, children, text };
}

function cdataText(raw: unknown): string {
  return Array.isArray(raw) ? raw.map((n: RawNode) => String(n['#text'] ?? '')).join('') : '';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Predefined entities and character references only; anything else stays as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g, (whole, dec, hex, named) => {
    if (named) return PREDEFINED[named as string] ?? whole;
    const cp = dec ? Number(dec) : parseInt(hex as string, 16);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/** Direct children called `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** First direct child called `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
