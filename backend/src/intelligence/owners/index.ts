export { parseCodeowners, createOwnerResolver, type OwnerRule, type OwnerResolver } from './codeowners.ts';
export { patternToRegex, normalizePath } from './pattern.ts';
