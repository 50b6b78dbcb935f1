/**
 * Safe XML reading for report files, on saxes (a strict, well-formedness
 * checking streaming parser with line/column positions; ~10× faster here
 * than building fast-xml-parser's object tree).
 *
 * Threats: entity expansion ("billion laughs") and external entities (XXE,
 * `<!ENTITY x SYSTEM "file:///etc/passwd">`). Invariants:
 *  - any `<!…>` that is not a comment or CDATA (`<!DOCTYPE`, `<!ENTITY`, …) is
 *    refused before parsing, with its position;
 *  - saxes itself never reads a DTD, never resolves anything external and
 *    knows only the five predefined entities and character references
 *    (its entity tables are null-prototype objects); any other `&name;` is
 *    kept as literal text, never expanded;
 *  - nesting is capped, attribute maps are null-prototype objects.
 */
import { SaxesParser } from 'saxes';
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

interface Building {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  cdata: string;
  hasCdata: boolean;
}

export function parseXml(xml: string): XmlElement {
  refuseDeclarations(xml);
  const parser = new SaxesParser({ position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let lastClosed = '';

  parser.on('error', (err) => {
    // Unknown entities stay literal text (saxes returns "&name;"), see above.
    if (/undefined entity\.$/.test(err.message)) return;
    throw malformed(describeError(xml, parser.line, parser.column, err.message, stack, lastClosed));
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) {
      throw malformed(`XML nests deeper than ${MAX_DEPTH} elements at line ${parser.line}; no test report needs that.`);
    }
    const attrs = Object.create(null) as Record<string, string>;
    // Without xmlns processing saxes gives plain string attributes.
    for (const [k, v] of Object.entries(tag.attributes as Record<string, string>)) attrs[localName(k)] = v;
    stack.push({ name: localName(tag.name), attrs, children: [], text: '', cdata: '', hasCdata: false });
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (c) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    top.text += c;
    top.cdata += c;
    top.hasCdata = true;
  });
  parser.on('closetag', () => {
    const b = stack.pop();
    if (!b) return;
    lastClosed = b.name;
    const el = finish(b);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
  });
  parser.write(xml).close();
  if (!root) throw malformed('XML has no root element.');
  return root;
}

function finish(b: Building): XmlElement {
  let text = b.text;
  // `<failure>\n      <![CDATA[trace]]>\n    </failure>`: the indentation
  // around a CDATA block is layout, not content.
  if (b.hasCdata && text.length !== b.cdata.length && text.replace(b.cdata, '').trim() === '') text = b.cdata;
  return { name: b.name, attrs: b.attrs, children: b.children, text };
}

/** TRX declares a default namespace; prefixed names (`ns2:testsuite`) lose the prefix. */
function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i === -1 ? qname : qname.slice(i + 1);
}

function refuseDeclarations(xml: string): void {
  for (let i = xml.indexOf('<!'); i !== -1; i = xml.indexOf('<!', i + 2)) {
    const close = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<![CDATA[', i) ? ']]>' : undefined;
    if (close) {
      const end = xml.indexOf(close, i + 4);
      if (end === -1) return; // unterminated: the parser reports it with a position
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

function describeError(xml: string, line: number, column: number, raw: string, open: Building[], lastClosed: string): string {
  const reason = raw.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
  const atEnd = positionOf(xml, xml.trimEnd().length);
  if (open.length > 0 && (line > atEnd.line || (line === atEnd.line && column >= atEnd.column) || /^unclosed tag/.test(reason))) {
    const names = open.map((b) => `<${b.name}>`).join(', ');
    return (
      `XML is not well-formed at line ${atEnd.line}, column ${atEnd.column}: unexpected end of input, ` +
      `${names} never closed — the file looks truncated (was the upload cut off or written while the test run was still going?).`
    );
  }
  // saxes has already unwound the element the closing tag skipped over.
  const detail =
    reason === 'unexpected close tag' && lastClosed
      ? `: <${lastClosed}> is still open here`
      : reason === 'disallowed character in tag name'
        ? " (an unescaped '<' in text? write it as &lt; or wrap the text in CDATA)"
        : reason === 'documents may contain only one root'
          ? ' (several reports concatenated into one file? upload them as separate files)'
          : '';
  return `XML is not well-formed at line ${line}, column ${column}: ${reason}${detail}.`;
}

/** Direct children called `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** First direct child called `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
