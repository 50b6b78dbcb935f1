/** Every AST constructor goes through this: nodes are deeply immutable once built. */
export function node<T extends { readonly kind: string }>(value: T): Readonly<T> {
  for (const v of Object.values(value)) if (Array.isArray(v)) Object.freeze(v);
  return Object.freeze(value);
}
