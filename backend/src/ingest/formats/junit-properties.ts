/**
 * JUnit `<properties>` → string maps. Suite and test-case properties become
 * test labels (browser, tags, owner, …). Exception: Maven Surefire and Gradle
 * dump every JVM system property (java.home, user.dir, … ~60 of them) into
 * each suite; those describe the machine, not the test, so such a block goes
 * to report-level properties instead of being copied onto every test.
 */
import { childrenNamed, type XmlElement } from './xml.ts';

export function readProperties(el: XmlElement): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const block of childrenNamed(el, 'properties')) {
    for (const p of childrenNamed(block, 'property')) {
      const name = p.attrs.name?.trim();
      if (!name) continue;
      const value = p.attrs.value ?? p.text.trim();
      out ??= Object.create(null) as Record<string, string>;
      out[name] = appendValue(out[name], value);
    }
  }
  return out;
}

/**
 * Repeated names (tags, categories, Playwright annotations) keep their
 * distinct non-empty values together, comma-joined.
 */
export function appendValue(prev: string | undefined, value: string): string {
  if (prev === undefined || prev === '') return value;
  if (value === '' || prev.split(',').includes(value)) return prev;
  return `${prev},${value}`;
}

/** True for the JVM system-property dump Surefire/Gradle write per suite. */
export function isJvmSystemProperties(props: Record<string, string>): boolean {
  return 'java.version' in props || 'java.vm.name' in props || 'java.runtime.version' in props;
}

export function mergeLabels(
  base: Record<string, string> | undefined,
  extra: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!extra) return base;
  if (!base) return extra;
  return Object.assign(Object.create(null) as Record<string, string>, base, extra);
}
