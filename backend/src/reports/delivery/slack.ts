/** Slack incoming webhook: the summary's Block Kit blocks with a plain-text fallback. */
import type { Summary } from '../render/summary.ts';
import { postJson } from './http-post.ts';

export async function sendSlack(url: string, summary: Summary): Promise<void> {
  await postJson('slack', url, JSON.stringify({ text: summary.subject, blocks: summary.slackBlocks }));
}
