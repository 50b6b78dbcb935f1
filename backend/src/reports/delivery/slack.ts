/** Slack incoming webhook: the summary's Block Kit blocks with a plain-text fallback. */
import type { Summary } from '../render/summary.ts';
import { postJson } from './http-post.ts';
import type { TargetGuard } from './target-guard.ts';

export async function sendSlack(guard: TargetGuard, url: string, summary: Summary): Promise<void> {
  await postJson(guard, 'slack', url, JSON.stringify({ text: summary.subject, blocks: summary.slackBlocks }));
}
