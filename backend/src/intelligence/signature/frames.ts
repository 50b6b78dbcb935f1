/**
 * Stack-frame extraction for the stack formats test runners emit: V8 (Node,
 * browsers), Java/Kotlin, .NET, Python, Go, Ruby and Dart. A frame is reduced
 * to `function (file)` without line numbers, because line numbers move with
 * every unrelated edit while the failing function and file rarely do.
 *
 * `topFrame` returns the innermost frame that belongs to the code under test,
 * skipping test frameworks, runtimes and dependencies; if every frame is
 * library code it falls back to the innermost frame.
 */

export interface Frame {
  fn: string;
  file: string;
  /** Raw line, for the library check. */
  raw: string;
}

const MAX_LINES = 200;
/**
 * Frame lines are short; capping them keeps the parsers' backtracking
 * bounded on adversarial input (a line of 8,000 "(" would otherwise cost
 * seconds in the Go and .NET patterns).
 */
const MAX_LINE = 400;

function clip(line: string | undefined): string | undefined {
  return line !== undefined && line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

const LIBRARY = [
  /node_modules[\\/]/, /\binternal[\\/]/, /^node:/, /\(<anonymous>\)|^<anonymous>$/,
  /^(?:java|javax|jdk|sun|kotlin|scala)\./, /^org\.(?:junit|testng|apache\.maven|gradle|opentest4j|assertj|hamcrest)\./,
  /^(?:System|Microsoft|Xunit|NUnit|NUnit\.Framework)\./, /^(?:Xunit|NUnit)\b/,
  /site-packages[\\/]/, /[\\/](?:_pytest|pluggy|unittest)[\\/]/, /[\\/]lib[\\/]python\d/,
  /[\\/]gems[\\/]/, /[\\/]rubygems[\\/]/, /^(?:dart:|package:(?:test|test_api|matcher|stack_trace)\b)/,
  /^(?:runtime|testing|reflect)\./, /[\\/]go[\\/]src[\\/](?:runtime|testing)[\\/]/,
];

function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** One parser per dialect; each returns null when the line is not its frame. */
const PARSERS: ReadonlyArray<(line: string, next: string | undefined) => Frame | null> = [
  // .NET: "at Ns.Class.Method(Int32 a) in C:\src\File.cs:line 9"
  (line) => {
    const m = /^\s*at (.+?)\(.*?\)(?: in (.+?):line \d+)?\s*$/.exec(line);
    if (!m || !/ in .+:line \d+|^\s*at [\w.`<>]+\(/.test(line) || /\.(?:java|kt|scala)\b|:\d+:\d+/.test(line)) return null;
    return { fn: m[1]!.trim(), file: m[2] ? basename(m[2]) : '', raw: m[1]! };
  },
  // Java: "at org.Foo.bar(Foo.java:29)" / "(Native Method)"
  (line) => {
    const m = /^\s*at ([\w$.<>/]+)\(([^():]*)(?::\d+)?\)\s*$/.exec(line);
    return m ? { fn: m[1]!, file: m[2]!, raw: m[1]! } : null;
  },
  // V8: "at fn (path:1:2)", "at path:1:2", "at new Promise (<anonymous>)"
  (line) => {
    const m = /^\s*at (?:(.+?) \()?(.+?)(?::\d+:\d+)?\)?\s*$/.exec(line);
    if (!m) return null;
    return { fn: m[1] ?? '<anonymous>', file: basename(m[2]!), raw: m[2]! };
  },
  // Python: File "path", line 12, in fn
  (line) => {
    const m = /^\s*File "(.+?)", line \d+, in (.+?)\s*$/.exec(line);
    return m ? { fn: m[2]!, file: basename(m[1]!), raw: m[1]! } : null;
  },
  // pytest short form: "tests/test_lib.py:25: AssertionError"
  (line) => {
    const m = /^\s*([\w./\\-]+\.py):\d+: \w+/.exec(line);
    return m ? { fn: '', file: basename(m[1]!), raw: m[1]! } : null;
  },
  // Ruby: "./spec/x_spec.rb:7:in `block (3 levels) in <top (required)>'"
  (line) => {
    const m = /^\s*(.+?\.rb):\d+:in [`'](.+?)'\s*$/.exec(line);
    return m ? { fn: m[2]!, file: basename(m[1]!), raw: m[1]! } : null;
  },
  // Dart: "test\main_test.dart 13:9  main.<fn>" or "package:test_api   expect"
  (line) => {
    const m = /^\s*(\S+\.dart|dart:\S+|package:\S+)(?: \d+:\d+)?\s+(\S.*?)\s*$/.exec(line);
    return m ? { fn: m[2]!, file: basename(m[1]!), raw: m[1]! } : null;
  },
  // Go panic: "pkg.Func(...)" followed by "\t/path/file.go:12 +0x1d"
  (line, next) => {
    const m = /^([\w./*()-]+)\(.*\)\s*$/.exec(line);
    const loc = next ? /^\s+(\S+\.go):\d+/.exec(next) : null;
    return m && loc ? { fn: m[1]!, file: basename(loc[1]!), raw: `${m[1]!} ${loc[1]!}` } : null;
  },
  // go test log line: "    calculator_test.go:19: expected ..."
  (line) => {
    const m = /^\s*(\w+\.go):\d+: /.exec(line);
    return m ? { fn: '', file: m[1]!, raw: m[1]! } : null;
  },
];

export function parseFrames(stack: string): Frame[] {
  const lines = stack.split(/\r?\n/, MAX_LINES).map((l) => clip(l)!);
  const frames: Frame[] = [];
  let pythonOrder = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*Traceback \(most recent call last\)/.test(line)) pythonOrder = true;
    for (const parse of PARSERS) {
      const frame = parse(line, lines[i + 1]);
      if (frame) {
        frames.push(frame);
        break;
      }
    }
  }
  // Python prints the innermost frame last; everyone else prints it first.
  return pythonOrder ? frames.reverse() : frames;
}

export function isLibraryFrame(frame: Frame): boolean {
  return LIBRARY.some((re) => re.test(frame.raw) || re.test(frame.fn));
}

export function formatFrame(frame: Frame): string {
  const fn = frame.fn.replace(/<fn>(?:\.<fn>)*/g, '<fn>');
  return frame.file ? (fn ? `${fn} (${frame.file})` : frame.file) : fn;
}

/** The innermost application frame, formatted; undefined when no frame parses. */
export function topFrame(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = parseFrames(stack);
  const chosen = frames.find((f) => !isLibraryFrame(f)) ?? frames[0];
  return chosen ? formatFrame(chosen) : undefined;
}

/**
 * True when the line looks like a stack frame of any supported dialect.
 * Location-prefixed log lines (`x_test.go:19: expected …`) carry the
 * message itself, so they are not frames for headline purposes.
 */
export function isFrameLine(rawLine: string, rawNext?: string): boolean {
  const line = clip(rawLine)!;
  const next = clip(rawNext);
  if (/^\s*\w+\.go:\d+: /.test(line)) return false;
  return PARSERS.some((parse) => parse(line, next) !== null);
}
