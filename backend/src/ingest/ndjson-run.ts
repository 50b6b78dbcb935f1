/**
 * NDJSON runs: line 1 `{"kind":"run", …run metadata}`, then `{"kind":"result", …}`
 * and `{"kind":"perf", …}` lines. Each line is validated with the same schemas
 * as the JSON format; errors name the line.
 */
import { Compile } from 'typebox/compile';
import { AppError } from '../errors/app-error.ts';
import { RunMetaSchema, type RunMeta } from './run-meta.ts';
import { PerfSchema, ResultSchema, type JsonPerf, type JsonResult } from './json-run.ts';

const checkMeta = Compile(RunMetaSchema);
const checkResult = Compile(ResultSchema);
const checkPerf = Compile(PerfSchema);

function invalid(line: number, what: string): AppError {
  return new AppError('VALIDATION_FAILED', `NDJSON line ${line}: ${what}`);
}

function firstError(check: { Errors(v: unknown): Iterable<{ instancePath?: string; message: string }> }, value: unknown): string {
  for (const e of check.Errors(value)) return `${e.instancePath || '(line)'} ${e.message}`;
  return 'is invalid';
}

export function parseNdjsonRun(body: Buffer): { meta: RunMeta; results: JsonResult[]; perf: JsonPerf[] } {
  const lines = body.toString('utf8').split('\n');
  let meta: RunMeta | undefined;
  const results: JsonResult[] = [];
  const perf: JsonPerf[] = [];
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const text = raw.trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new AppError('INGEST_MALFORMED_JSON', `NDJSON line ${lineNo} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(lineNo, 'must be a JSON object');
    const { kind, ...rest } = value as Record<string, unknown>;
    if (kind === 'run') {
      if (meta) throw invalid(lineNo, 'a second "run" line; one NDJSON body carries one run');
      if (!checkMeta.Check(rest)) throw invalid(lineNo, firstError(checkMeta, rest));
      meta = rest as RunMeta;
    } else if (kind === 'result') {
      if (!checkResult.Check(rest)) throw invalid(lineNo, firstError(checkResult, rest));
      results.push(rest as JsonResult);
    } else if (kind === 'perf') {
      if (!checkPerf.Check(rest)) throw invalid(lineNo, firstError(checkPerf, rest));
      perf.push(rest as JsonPerf);
    } else {
      throw invalid(lineNo, `"kind" must be "run", "result" or "perf" (got ${JSON.stringify(kind)})`);
    }
  });
  if (results.length === 0 && perf.length === 0) {
    throw new AppError('INGEST_EMPTY_REPORT', 'The NDJSON body has no "result" or "perf" lines.');
  }
  return { meta: meta ?? {}, results, perf };
}
