/** Greedy word wrap measured with the embedded fonts (CJK breaks anywhere). */
import type { TextStyle, TextWriter } from './text.ts';

export function wrapText(text: TextWriter, s: string, maxWidth: number, style: TextStyle): string[] {
  const lines: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    // Words, keeping each CJK character as its own breakable unit.
    for (const token of para.match(/[\u3000-\u9fff\uac00-\ud7af]|[^\s\u3000-\u9fff\uac00-\ud7af]+|\s+/g) ?? []) {
      const candidate = line + token;
      if (line !== '' && text.width(candidate.trimEnd(), style) > maxWidth) {
        lines.push(line.trimEnd());
        line = token.trimStart();
      } else line = candidate;
    }
    lines.push(text.fit(line.trimEnd(), maxWidth, style));
  }
  return lines;
}
