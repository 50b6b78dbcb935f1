/** One JSON POST with a timeout; any non-2xx answer is a DeliveryError naming the status. */
import { DeliveryError } from './errors.ts';
import type { TargetGuard } from './target-guard.ts';

export async function postJson(
  guard: TargetGuard,
  channel: string,
  url: string,
  body: string,
  headers: Record<string, string> = {},
  timeoutMs = 15_000
): Promise<void> {
  await guard(channel, url);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    throw new DeliveryError(channel, err instanceof Error ? err.message : String(err));
  }
  // Drain the body so the connection is released.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new DeliveryError(channel, `HTTP ${res.status}`);
}
