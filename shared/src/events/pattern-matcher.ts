/**
 * EventBridge event-pattern matching and validation, written to the AWS EventBridge user guide
 * ("Event patterns", "Arrays in event patterns", "Matching null values and empty strings",
 * "Content filtering"/"Comparison operators"). Where the guide is silent, the behaviour follows
 * aws/event-ruler, the open-source engine behind EventBridge. Anything that routes events locally
 * must agree with AWS, or a wrong pattern only shows up after deploying; the conformance table in
 * test/conformance pins every rule to the section it comes from.
 *
 * Both functions are pure. `matchesEventPattern` assumes a pattern that `validateEventPattern`
 * accepts; on an invalid one it never throws, it just does not match through the broken part.
 */
import type { EventPattern } from './event-pattern';

type JsonScalar = string | number | boolean | null;
/** Pattern JSON as walked here: typed loosely on purpose, the matcher must survive any input. */
type PatternObject = Readonly<Record<string, unknown>>;
type ScalarPredicate = (value: JsonScalar) => boolean;
type StringTest = (value: string, operand: string) => boolean;

const OR_KEY = '$or';

/** Operators whose operand reads an event string; shared by plain use and `anything-but`. */
const STRING_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;
const OPERATORS = [...STRING_OPERATORS, 'anything-but', 'numeric', 'exists', 'cidr'] as const;

/** The range the guide gives for numeric matching ("between -5.0e9 and +5.0e9 inclusive"). */
const NUMERIC_LIMIT = 5e9;

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/**
 * Matches the way event-ruler does: the pattern is compiled into flat rules (dotted path → leaf),
 * one per `$or` branch, and the event into flat fields (dotted path → scalar, with the array
 * elements it sits in). A rule matches when every path finds an array-consistent field.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  const fields = fieldsByPath(event);
  return compiledRules(pattern).some((rule) => matchesRule(rule, fields));
}

/** Path → leaf, in the paths' sorted order (event-ruler walks a rule's names sorted). */
type FlatRule = ReadonlyArray<readonly [string, readonly unknown[]]>;

const compiled = new WeakMap<object, readonly FlatRule[]>();

function compiledRules(pattern: EventPattern): readonly FlatRule[] {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const rules = addObject([new Map()], pattern, '').map((rule) => [...rule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  compiled.set(pattern, rules);
  return rules;
}

/**
 * event-ruler's rule compiler: nested objects extend the path with ".", so `{"a.b": …}` and
 * `{"a": {"b": …}}` name the same field; each `$or` branch forks every rule built so far; a path
 * given twice keeps the later leaf in key order (its default "rule overriding"), which is how an
 * `$or` branch that repeats an outer field replaces it instead of adding a second condition.
 */
function addObject(rules: Array<Map<string, readonly unknown[]>>, pattern: PatternObject, prefix: string): Array<Map<string, readonly unknown[]>> {
  let current = rules;
  for (const [field, rule] of Object.entries(pattern)) {
    if (field === OR_KEY && Array.isArray(rule)) {
      const forked = current;
      current = rule.flatMap((branch) => (isPlainObject(branch) ? addObject(forked.map((each) => new Map(each)), branch, prefix) : []));
      continue;
    }
    const path = prefix === '' ? field : `${prefix}.${field}`;
    if (Array.isArray(rule)) for (const each of current) each.set(path, rule);
    else if (isPlainObject(rule)) current = addObject(current, rule, path);
  }
  return current;
}

/** Which element of which event array a field sits in: array id → element index. */
type Membership = ReadonlyMap<number, number>;

interface Field {
  readonly value: JsonScalar;
  readonly membership: Membership;
}

/**
 * Flattens the event like event-ruler's `Event`: one field per scalar leaf (null included), named
 * by its dotted path; objects and empty arrays add no field of their own, which is why `exists`
 * "only works on leaf nodes". Every array instance gets an id so that fields can be kept to one
 * element of it.
 */
function fieldsByPath(event: unknown): ReadonlyMap<string, readonly Field[]> {
  const fields = new Map<string, Field[]>();
  let arrays = 0;
  const visit = (node: unknown, path: string, membership: Membership): void => {
    if (Array.isArray(node)) {
      const id = (arrays += 1);
      node.forEach((element, index) => visit(element, path, new Map(membership).set(id, index)));
    } else if (isPlainObject(node)) {
      for (const [key, value] of Object.entries(node)) visit(value, path === '' ? key : `${path}.${key}`, membership);
    } else if (isJsonScalar(node) && path !== '') {
      const list = fields.get(path) ?? [];
      list.push({ value: node, membership });
      fields.set(path, list);
    }
  };
  visit(event, '', new Map());
  return fields;
}

/**
 * Tries the rule's paths in order, each with a field that passes its leaf and sits in the same
 * array elements as the fields chosen before it (event-ruler's array-consistent matching).
 * `exists: false` holds when no field of its path is consistent with the choices made so far, so
 * an array of objects satisfies it only if no element (that the other paths allow) has the field.
 */
function matchesRule(rule: FlatRule, fields: ReadonlyMap<string, readonly Field[]>): boolean {
  const tryFrom = (index: number, membership: Membership): boolean => {
    const step = rule[index];
    if (step === undefined) return true;
    const [path, leaf] = step;
    const consistent = (fields.get(path) ?? []).filter((field) => consistentWith(membership, field.membership));
    if (leaf.some(isAbsenceFilter) && consistent.length === 0 && tryFrom(index + 1, membership)) return true;
    return consistent.some((field) => matchesLeaf(leaf, field.value) && tryFrom(index + 1, merged(membership, field.membership)));
  };
  return tryFrom(0, new Map());
}

function consistentWith(a: Membership, b: Membership): boolean {
  for (const [array, element] of b) if (a.has(array) && a.get(array) !== element) return false;
  return true;
}

function merged(a: Membership, b: Membership): Membership {
  return b.size === 0 ? a : new Map([...a, ...b]);
}

function isAbsenceFilter(element: unknown): boolean {
  return isPlainObject(element) && singleEntry(element)?.[0] === 'exists' && element['exists'] === false;
}

/** Values in a leaf are ORed; each is a literal, or a filter the field's value must pass. */
function matchesLeaf(leaf: readonly unknown[], value: JsonScalar): boolean {
  return leaf.some((element) => (isPlainObject(element) ? matchesContentFilter(element, value) : value === element));
}

/** `exists: true` needs the field, which a value is; `anything-but` needs a value it does not exclude. */
function matchesContentFilter(filter: PatternObject, value: JsonScalar): boolean {
  const [operator, operand] = singleEntry(filter) ?? [];
  if (operator === 'exists') return operand === true;
  if (operator === 'anything-but') return !exclusionPredicate(operand)(value);
  const predicate = operator === undefined ? undefined : scalarPredicate(operator, operand);
  return predicate !== undefined && predicate(value);
}

function scalarPredicate(operator: string, operand: unknown): ScalarPredicate | undefined {
  switch (operator) {
    case 'prefix':
      return affixPredicate(operand, (value, affix) => value.startsWith(affix), (value, affix) => foldedPrefixEnds(value, affix).length > 0);
    case 'suffix':
      return affixPredicate(operand, (value, affix) => value.endsWith(affix), endsWithIgnoringCase);
    case 'equals-ignore-case':
      return stringPredicate(operand, (value, expected) => foldedPrefixEnds(value, expected).includes(value.length));
    case 'wildcard':
      return wildcardPredicate(operand);
    case 'numeric':
      return numericPredicate(operand);
    case 'cidr':
      return cidrPredicate(operand);
    default:
      return undefined;
  }
}

/**
 * What `anything-but` excludes. A literal (or list of literals) excludes equal JSON values; the
 * object form excludes what the inner string operator accepts, which is why a number or null in
 * the event is never excluded by `{"anything-but": {"prefix": ...}}`.
 */
function exclusionPredicate(operand: unknown): ScalarPredicate {
  if (!isPlainObject(operand)) {
    const literals = Array.isArray(operand) ? operand : [operand];
    return (value) => literals.some((literal) => literal === value);
  }
  const [operator, inner] = singleEntry(operand) ?? [];
  const operands = Array.isArray(inner) ? inner : [inner];
  const predicates = operands.flatMap((each) => scalarPredicate(operator ?? '', each) ?? []);
  return (value) => predicates.some((predicate) => predicate(value));
}

/** `prefix`/`suffix` take a string, or `{"equals-ignore-case": string}` to compare ignoring case. */
function affixPredicate(operand: unknown, exact: StringTest, ignoringCase: StringTest): ScalarPredicate | undefined {
  if (typeof operand === 'string') return stringPredicate(operand, exact);
  const [inner, affix] = isPlainObject(operand) ? (singleEntry(operand) ?? []) : [];
  return inner === 'equals-ignore-case' ? stringPredicate(affix, ignoringCase) : undefined;
}

/** String operators never match numbers, booleans or null: matching is on JSON values. */
function stringPredicate(operand: unknown, test: StringTest): ScalarPredicate | undefined {
  if (typeof operand !== 'string') return undefined;
  return (value) => typeof value === 'string' && test(value, operand);
}

/**
 * Ignoring case as event-ruler does: each character of the pattern may appear in the event as its
 * lower-case or its upper-case form (locale-independent full mappings, so "ß" also accepts "SS"),
 * and the event's characters are taken as they are (a Kelvin sign in the event is not a "k").
 * Returns every position in `value` where the whole pattern can end when read from the start;
 * the alternatives may differ in length, hence a set of positions rather than one.
 */
function foldedPrefixEnds(value: string, pattern: string): number[] {
  let positions = [0];
  for (const character of pattern) {
    const forms = new Set([character.toLowerCase(), character.toUpperCase()]);
    positions = [...new Set(positions.flatMap((at) => [...forms].filter((form) => value.startsWith(form, at)).map((form) => at + form.length)))];
    if (positions.length === 0) break;
  }
  return positions;
}

/** Some start of `value` where the pattern, read ignoring case, ends exactly at the end. */
function endsWithIgnoringCase(value: string, pattern: string): boolean {
  for (let start = value.length; start >= 0; start -= 1) {
    if (foldedPrefixEnds(value.slice(start), pattern).includes(value.length - start)) return true;
  }
  return false;
}

function isJsonScalar(value: unknown): value is JsonScalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);
}

// ---------------------------------------------------------------------------------------------
// Numeric
// ---------------------------------------------------------------------------------------------

type Comparator = '<' | '<=' | '=' | '>' | '>=';

interface Comparison {
  readonly comparator: Comparator;
  readonly bound: number;
}

const COMPARATORS: Readonly<Record<Comparator, (value: number, bound: number) => boolean>> = {
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '=': (value, bound) => value === bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

/**
 * Numeric filters only see JSON numbers, so "5" never satisfies `["=", 5]`. Values outside the
 * documented range are left unmatched, as event-ruler cannot encode them for comparison.
 */
function numericPredicate(operand: unknown): ScalarPredicate | undefined {
  const comparisons = comparisonsOf(operand);
  if (comparisons === undefined) return undefined;
  return (value) =>
    isFiniteNumber(value) &&
    Math.abs(value) <= NUMERIC_LIMIT &&
    comparisons.every(({ comparator, bound }) => COMPARATORS[comparator](value, bound));
}

function comparisonsOf(operand: unknown): Comparison[] | undefined {
  if (!Array.isArray(operand) || operand.length % 2 !== 0) return undefined;
  const comparisons: Comparison[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const comparator: unknown = operand[index];
    const bound: unknown = operand[index + 1];
    if (!isComparator(comparator) || !isFiniteNumber(bound)) return undefined;
    comparisons.push({ comparator, bound });
  }
  return comparisons;
}

function isComparator(value: unknown): value is Comparator {
  return typeof value === 'string' && Object.hasOwn(COMPARATORS, value);
}

// ---------------------------------------------------------------------------------------------
// Wildcard
// ---------------------------------------------------------------------------------------------

type WildcardParse = { readonly segments: readonly string[] } | { readonly problem: string };

/**
 * Splits a wildcard into the literal runs between unescaped `*`. Per the guide, `\*` is a literal
 * star, `\\` a literal backslash, any other escape is invalid and `**` is not supported.
 */
function parseWildcard(pattern: string): WildcardParse {
  const segments: string[] = [];
  let current = '';
  let previousWasStar = false;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern.charAt(index);
    if (char === '*') {
      if (previousWasStar) return { problem: `consecutive wildcard characters at position ${index}` };
      segments.push(current);
      current = '';
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (char !== '\\') {
      current += char;
      continue;
    }
    const escaped = pattern.charAt(index + 1);
    if (escaped !== '*' && escaped !== '\\') {
      return { problem: `a backslash may only escape "*" or "\\" (position ${index})` };
    }
    current += escaped;
    index += 1;
  }
  segments.push(current);
  return { segments };
}

function wildcardPredicate(operand: unknown): ScalarPredicate | undefined {
  if (typeof operand !== 'string') return undefined;
  const parsed = parseWildcard(operand);
  if (!('segments' in parsed)) return undefined;
  return (value) => typeof value === 'string' && matchesSegments(parsed.segments, value);
}

/**
 * Anchored glob match: the first run must start the value, the last must end it, and the runs in
 * between are taken at their leftmost position, which is always safe with `*` as the only
 * metacharacter. Linear in the value, unlike a backtracking regular expression.
 */
function matchesSegments(segments: readonly string[], value: string): boolean {
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  const end = value.length - last.length;
  if (end < first.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = value.indexOf(segment, position);
    if (found === -1 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// IP addresses (cidr)
// ---------------------------------------------------------------------------------------------

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

interface CidrBlock {
  readonly network: IpAddress;
  readonly prefixLength: number;
}

type CidrParse = CidrBlock | { readonly problem: string };

function cidrPredicate(operand: unknown): ScalarPredicate | undefined {
  if (typeof operand !== 'string') return undefined;
  const block = parseCidr(operand);
  if ('problem' in block) return undefined;
  return (value) => {
    const address = typeof value === 'string' ? parseIp(value) : undefined;
    return address !== undefined && cidrContains(block, address);
  };
}

/** Compares parsed addresses, so `2001:0db8::` and `2001:db8::` are the same host. */
function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  if (address.bits !== block.network.bits) return false;
  const hostBits = BigInt(address.bits - block.prefixLength);
  return address.value >> hostBits === block.network.value >> hostBits;
}

/** event-ruler refuses a mask as long as the address ("IPv4 mask bits must be < 32"). */
function parseCidr(text: string): CidrParse {
  const parts = text.split('/');
  const [ip, mask] = parts;
  if (parts.length !== 2 || ip === undefined || mask === undefined) return { problem: "one '/' is required" };
  if (!/^\d{1,3}$/.test(mask)) return { problem: 'mask bits must be an integer' };
  const network = parseIp(ip);
  if (network === undefined) return { problem: `"${ip}" is not an IPv4 or IPv6 address` };
  const prefixLength = Number(mask);
  if (prefixLength >= network.bits) return { problem: `mask bits must be less than ${network.bits}` };
  return { network, prefixLength };
}

/**
 * What event-ruler takes for an address: text that its IPv4 or IPv6 pattern accepts, read as Java's
 * `InetAddress` reads it. An IPv4-mapped IPv6 address (`::ffff:a00:1`) is the IPv4 address.
 */
function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(text) ? parseIpv6(text) : undefined;
  if (v6 === undefined) return undefined;
  return v6 >> 32n === 0xffffn ? { bits: 32, value: v6 & 0xffffffffn } : { bits: 128, value: v6 };
}

/** Four decimal parts of at most 255; leading zeros are decimal too ("010" is 10, not octal 8). */
function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,10}$/.test(octet))) return undefined;
  const numbers = octets.map(Number);
  if (numbers.some((octet) => octet > 255)) return undefined;
  return numbers.reduce((accumulator, octet) => (accumulator << 8n) | BigInt(octet), 0n);
}

/** RFC 4291 hexadecimal forms: eight groups, or one `::` run of zero groups. */
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = ipv6Groups(halves[0] ?? '');
  const tail = halves.length === 2 ? ipv6Groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return groups.reduce((accumulator, group) => (accumulator << 16n) | BigInt(group), 0n);
}

function ipv6Groups(side: string): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  if (!parts.every((part) => /^[0-9a-fA-F]{1,4}$/.test(part))) return undefined;
  return parts.map((part) => Number.parseInt(part, 16));
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Lists why AWS would reject `pattern` (empty when it would accept it). The checks mirror
 * event-ruler's rule compiler, which is what answers PutRule and TestEventPattern.
 */
export function validateEventPattern(pattern: unknown): string[] {
  if (!isPlainObject(pattern)) return ['the pattern must be a JSON object'];
  return validateObject(pattern, '', false);
}

function validateObject(pattern: PatternObject, path: string, insideOr: boolean): string[] {
  const entries = Object.entries(pattern);
  if (entries.length === 0) return [`${displayPath(path)}: empty objects are not allowed`];
  return entries.flatMap(([field, rule]) => {
    const fieldPath = joinPath(path, field);
    if (field === OR_KEY) return validateOr(rule, fieldPath);
    // Inside $or an operator name as a field is almost surely a misplaced filter, so AWS refuses it.
    if (insideOr && isOperator(field)) {
      return [`${fieldPath}: "${field}" is reserved and cannot be a field inside $or`];
    }
    if (Array.isArray(rule)) return validateLeaf(rule, fieldPath);
    if (isPlainObject(rule)) return validateObject(rule, fieldPath, insideOr);
    return [`${fieldPath}: must be an object or an array`];
  });
}

function validateOr(rule: unknown, orPath: string): string[] {
  if (!Array.isArray(rule)) return [`${orPath}: must be an array of patterns`];
  if (rule.length < 2) return [`${orPath}: needs at least 2 patterns`];
  return rule.flatMap((branch, index) =>
    isPlainObject(branch)
      ? validateObject(branch, `${orPath}[${index}]`, true)
      : [`${orPath}[${index}]: each $or alternative must be an object`],
  );
}

function validateLeaf(leaf: readonly unknown[], path: string): string[] {
  if (leaf.length === 0) return [`${path}: empty arrays are not allowed`];
  return leaf.flatMap((element, index) => {
    const elementPath = `${path}[${index}]`;
    if (isPlainObject(element)) return validateFilter(element, elementPath);
    if (isJsonScalar(element)) return [];
    return [`${elementPath}: match value must be a string, number, true, false, null or a filter object`];
  });
}

function validateFilter(filter: PatternObject, path: string): string[] {
  const entry = singleEntry(filter);
  if (entry === undefined) return [`${path}: a filter object must have exactly one key`];
  const [operator, operand] = entry;
  const operandPath = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return validateAffix(operand, operandPath);
    case 'equals-ignore-case':
      return requireString(operand, operandPath);
    case 'wildcard':
      return validateWildcard(operand, operandPath);
    case 'anything-but':
      return validateAnythingBut(operand, operandPath);
    case 'numeric':
      return validateNumeric(operand, operandPath);
    case 'exists':
      return typeof operand === 'boolean' ? [] : [`${operandPath}: must be true or false`];
    case 'cidr':
      return validateCidr(operand, operandPath);
    default:
      return [`${path}: unrecognized match type "${operator}"`];
  }
}

function validateAffix(operand: unknown, path: string): string[] {
  if (typeof operand === 'string') return [];
  const entry = isPlainObject(operand) ? singleEntry(operand) : undefined;
  if (entry?.[0] !== 'equals-ignore-case') {
    return [`${path}: must be a string or {"equals-ignore-case": string}`];
  }
  return requireString(entry[1], `${path}.equals-ignore-case`);
}

function validateWildcard(operand: unknown, path: string): string[] {
  if (typeof operand !== 'string') return [`${path}: must be a string`];
  const parsed = parseWildcard(operand);
  return 'problem' in parsed ? [`${path}: ${parsed.problem}`] : [];
}

function validateCidr(operand: unknown, path: string): string[] {
  if (typeof operand !== 'string') return [`${path}: must be a string`];
  const parsed = parseCidr(operand);
  return 'problem' in parsed ? [`${path}: malformed CIDR, ${parsed.problem}`] : [];
}

/**
 * `anything-but` takes a string, a number, a non-empty list of only strings or only numbers, or
 * one nested string operator whose operand is a string or a list of strings.
 */
function validateAnythingBut(operand: unknown, path: string): string[] {
  if (typeof operand === 'string' || isFiniteNumber(operand)) return [];
  if (Array.isArray(operand)) return validateAnythingButList(operand, path);
  const entry = isPlainObject(operand) ? singleEntry(operand) : undefined;
  if (entry === undefined) {
    return [`${path}: must be a string, a number, a list of them, or one nested operator`];
  }
  const [operator, inner] = entry;
  if (!isStringOperator(operator)) return [`${path}: unsupported anything-but operator "${operator}"`];
  const operands = Array.isArray(inner) ? inner : [inner];
  const innerPath = `${path}.${operator}`;
  if (operands.length === 0) return [`${innerPath}: must not be an empty list`];
  return operands.flatMap((each) => validateAnythingButOperand(operator, each, innerPath));
}

function validateAnythingButList(list: readonly unknown[], path: string): string[] {
  const allStrings = list.every((item) => typeof item === 'string');
  const allNumbers = list.every(isFiniteNumber);
  if (list.length > 0 && (allStrings || allNumbers)) return [];
  return [`${path}: the list must hold only strings or only numbers, and at least one`];
}

function validateAnythingButOperand(operator: StringOperator, operand: unknown, path: string): string[] {
  if (typeof operand !== 'string') return [`${path}: must be a string or a list of strings`];
  if (operator === 'wildcard') return validateWildcard(operand, path);
  const affix = operator === 'prefix' || operator === 'suffix';
  return affix && operand === '' ? [`${path}: an empty ${operator} is not allowed`] : [];
}

/**
 * The shapes AWS accepts: `["=", n]`, `["<" | "<=", n]`, `[">" | ">=", n]`, and a closed range
 * `[">" | ">=", low, "<" | "<=", high]` with low < high; every bound within ±5.0e9.
 */
function validateNumeric(operand: unknown, path: string): string[] {
  if (!Array.isArray(operand)) return [`${path}: must be an array`];
  const comparisons = comparisonsOf(operand);
  if (comparisons === undefined) {
    return [`${path}: must be [comparator, number] pairs with <, <=, =, > or >=`];
  }
  const outOfRange = comparisons.filter(({ bound }) => Math.abs(bound) > NUMERIC_LIMIT);
  if (outOfRange.length > 0) return [`${path}: bounds must lie between -5.0e9 and +5.0e9`];
  const [first, second, ...rest] = comparisons;
  if (first === undefined) return [`${path}: must not be empty`];
  if (second === undefined) return [];
  const opensRange = first.comparator === '>' || first.comparator === '>=';
  const closesRange = second.comparator === '<' || second.comparator === '<=';
  if (!opensRange || !closesRange || rest.length > 0) {
    return [`${path}: a range is [">" | ">=", low, "<" | "<=", high]`];
  }
  return first.bound < second.bound ? [] : [`${path}: the lower bound must be less than the upper bound`];
}

function requireString(operand: unknown, path: string): string[] {
  return typeof operand === 'string' ? [] : [`${path}: must be a string`];
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

type StringOperator = (typeof STRING_OPERATORS)[number];

function isStringOperator(name: string): name is StringOperator {
  return (STRING_OPERATORS as readonly string[]).includes(name);
}

function isOperator(name: string): boolean {
  return (OPERATORS as readonly string[]).includes(name);
}

/** Patterns are JSON, so any non-array object is a nested pattern or a filter. */
function isPlainObject(value: unknown): value is PatternObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A filter object names exactly one operator; anything else is malformed. */
function singleEntry(object: PatternObject): [string, unknown] | undefined {
  const entries = Object.entries(object);
  return entries.length === 1 ? entries[0] : undefined;
}

function joinPath(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function displayPath(path: string): string {
  return path === '' ? 'pattern' : path;
}
