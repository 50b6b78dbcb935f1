/**
 * Embedded fonts, resolved from npm packages (never system fonts, so a
 * server renders the same PDF everywhere): DejaVu Sans Condensed covers
 * Latin, Cyrillic and Greek; Noto Sans SC covers CJK (Han, kana) and is the
 * per-character fallback. Both are under open licences (DejaVu/Bitstream
 * Vera licence, SIL OFL 1.1). PDFs embed only the glyphs used (subsets).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
  cjk: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
} as const;

export type FontName = 'regular' | 'bold';
