/**
 * An EventBridge event pattern as AWS accepts it: leaves are arrays of literal values or of
 * content filters (`prefix`, `anything-but`, `numeric`, …); `$or` holds alternative sub-patterns.
 */
export type PatternScalar = string | number | boolean | null;
export type ContentFilter = { [operator: string]: unknown };
export type PatternLeaf = ReadonlyArray<PatternScalar | ContentFilter>;
export interface EventPattern {
  [field: string]: EventPattern | PatternLeaf | ReadonlyArray<EventPattern>;
}
