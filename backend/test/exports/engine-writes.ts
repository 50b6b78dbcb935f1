/** Shared by the engine-pipe and engine-file-tail tests: an engine CSV write with multi-line quoted values. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** `rows` rows of (number, a value with quotes and a raw newline); the row `failAt` throws 'boom'. */
export const csvWriteSql = (rows: number, failAt = -1) =>
  `INSERT INTO FUNCTION file({p:String}, 'CSVWithNames')
   SELECT number, concat('name "', toString(number), '"\nline') AS s, throwIf(number = ${failAt}, 'boom') AS f FROM numbers(${rows})
   SETTINGS engine_file_truncate_on_insert = 1`;

export async function sha256(body: Readable): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of body) h.update(chunk as Buffer);
  return h.digest('hex');
}
