/**
 * Conformance table for our EventBridge pattern matcher. Each row comes from the AWS EventBridge
 * user guide, and its `source` names the page and section. The local bus and the CDK rules share
 * the contract patterns, so a row that fails here is a rule that would behave differently on AWS.
 * Patterns and events are reused from the guide wherever it shows them. Where it only shows a
 * pattern, the events are the smallest that exercise the documented rule. Where the guide is silent,
 * a row cites aws/event-ruler, the open-source engine behind EventBridge, by source file; where we
 * chose to differ from it, the row's note says so and why.
 */
import { describe, expect, it } from 'vitest';
import type { EventPattern } from '../../shared/src/events/event-pattern';
import { matchesEventPattern, validateEventPattern } from '../../shared/src/events/pattern-matcher';

interface MatchRow {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly event: unknown;
  readonly expected: boolean;
  readonly source: string;
  /** Why the expectation holds, where the guide leaves it implicit. */
  readonly note?: string;
}

interface ValidationRow {
  readonly name: string;
  readonly pattern: unknown;
  readonly valid: boolean;
  readonly source: string;
}

const DOCS = 'AWS EventBridge docs:';
const SOURCE = {
  creating: `${DOCS} Event patterns — Creating event patterns`,
  matchingValues: `${DOCS} Event patterns — Matching event values`,
  considerations: `${DOCS} Event patterns — Considerations when creating event patterns`,
  valueMatching: `${DOCS} Matching events on event field values — Value matching`,
  fieldMatching: `${DOCS} Matching events on event field values — Field matching`,
  nullAndEmpty: `${DOCS} Matching null values and empty strings in event patterns`,
  arrays: `${DOCS} Arrays in event patterns`,
  operatorTable: `${DOCS} Content filtering — Comparison operators (summary table)`,
  prefix: `${DOCS} Content filtering — Prefix matching`,
  prefixIgnoreCase: `${DOCS} Content filtering — Prefix matching while ignoring case`,
  suffix: `${DOCS} Content filtering — Suffix matching`,
  suffixIgnoreCase: `${DOCS} Content filtering — Suffix matching while ignoring case`,
  anythingBut: `${DOCS} Content filtering — Anything-but matching`,
  anythingButPrefix: `${DOCS} Content filtering — Anything-but matching on prefixes`,
  anythingButSuffix: `${DOCS} Content filtering — Anything-but matching on suffixes`,
  anythingButIgnoreCase: `${DOCS} Content filtering — Anything-but matching ignoring case`,
  anythingButWildcard: `${DOCS} Content filtering — Anything-but matching using a wildcard`,
  numeric: `${DOCS} Content filtering — Numeric matching`,
  ipAddress: `${DOCS} Content filtering — IP address matching`,
  exists: `${DOCS} Content filtering — Exists matching`,
  equalsIgnoreCase: `${DOCS} Content filtering — Equals-ignore-case matching`,
  wildcard: `${DOCS} Content filtering — Wildcard matching`,
  complex: `${DOCS} Content filtering — Complex example with multiple matching`,
  or: `${DOCS} Content filtering — $or matching`,
} as const;

/** Rows the guide does not decide, pinned to event-ruler's source (github.com/aws/event-ruler, 2026-07). */
const RULER = 'aws/event-ruler:';
const RULER_SOURCE = {
  cidr: `${RULER} CIDR.java (addresses read by java.net.InetAddress, Java 17)`,
  ignoreCase: `${RULER} input/EqualsIgnoreCaseParser.java`,
  numbers: `${RULER} ComparableNumber.java`,
  compiler: `${RULER} JsonRuleCompiler.java (rule overriding on by default in GenericMachine.Builder)`,
  absence: `${RULER} ACFinder.java, NameState.getNameTransitions (array-consistent exists: false)`,
  event: `${RULER} Event.java (fields flattened to dotted names)`,
} as const;

/** "Event patterns" page: the EC2 state-change event every introductory example matches. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const ec2TerminatedPattern: EventPattern = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};

/** "Matching null values and empty strings": an Auto Scaling event with both. */
const autoScalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

/** "Value matching": the (truncated) Macie finding. */
const macieEvent = {
  version: '0',
  id: '0948ba87-d3b8-c6d4-f2da-732a1example',
  'detail-type': 'Macie Finding',
  source: 'aws.macie',
  account: '123456789012',
  time: '2021-04-29T23:12:15Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    schemaVersion: '1.0',
    id: '64b917aa-3843-014c-91d8-937ffexample',
    type: 'Policy:IAMUser/S3BucketEncryptionDisabled',
    severity: { score: 1, description: 'Low' },
    count: 2,
  },
};

const maciePattern: EventPattern = {
  source: ['aws.macie'],
  'detail-type': ['Macie Finding'],
  detail: { severity: { score: [1] }, count: [2] },
};

/** "Exists matching": the event that has a `detail.state` field. */
const existsEvent = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
};

/** "Exists matching": the event whose `c-count` is an intermediate node, not a leaf. */
const intermediateNodeEvent = {
  'detail-type': ['EC2 Instance State-change Notification'],
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
  detail: { 'c-count': { c1: 100 } },
};

const numericPattern: EventPattern = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};

const complexPattern: EventPattern = {
  time: [{ prefix: '2017-10-02' }],
  detail: {
    state: [{ 'anything-but': 'initializing' }],
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ 'anything-but': [100, 200, 300] }],
  },
};

function detailEvent(detail: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { ...extra, detail };
}

const cloudWatchOr: EventPattern = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};

const parallelOr: EventPattern = {
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
  detail: {
    $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }],
  },
};

const orWithAnd: EventPattern = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization', 'ReadLatency'] },
    { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
    { scope: ['Service'] },
  ],
};

const nestedOrAndAnd: EventPattern = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization', 'ReadLatency'] },
    {
      metricType: ['MetricType'],
      namespace: ['AWS/EC2', 'AWS/ES'],
      $or: [{ metricId: [1234] }, { spaceId: [1000] }],
    },
    { scope: ['Service'] },
  ],
};

const matchRows: readonly MatchRow[] = [
  // --- Exact values, AND across fields, extra fields ---------------------------------------
  {
    name: 'the introductory EC2 pattern matches the introductory EC2 event',
    pattern: ec2TerminatedPattern,
    event: ec2Event,
    expected: true,
    source: SOURCE.creating,
  },
  {
    name: 'fields not named in the pattern are ignored',
    pattern: { source: ['aws.ec2'] },
    event: ec2Event,
    expected: true,
    source: SOURCE.considerations,
  },
  {
    name: 'every field must match (AND): one differing field fails the whole pattern',
    pattern: ec2TerminatedPattern,
    event: { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } },
    expected: false,
    source: SOURCE.creating,
  },
  {
    name: 'a field named in the pattern but missing from the event fails',
    pattern: ec2TerminatedPattern,
    event: { ...ec2Event, detail: { 'instance-id': 'i-1234567890abcdef0' } },
    expected: false,
    source: SOURCE.creating,
  },
  {
    name: 'field names must appear with the same nesting structure',
    pattern: { detail: { state: ['terminated'] } },
    event: { state: 'terminated', detail: {} },
    expected: false,
    source: SOURCE.creating,
  },
  {
    name: 'a value pattern does not match an object in the event',
    pattern: { detail: { state: ['terminated'] } },
    event: detailEvent({ state: { name: 'terminated' } }),
    expected: false,
    source: SOURCE.creating,
  },
  {
    name: 'values in the pattern array are alternatives (OR): second value',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: { ...ec2Event, source: 'aws.fargate' },
    expected: true,
    source: SOURCE.matchingValues,
  },
  {
    name: 'values in the pattern array are alternatives (OR): no value matches',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: { ...ec2Event, source: 'aws.s3' },
    expected: false,
    source: SOURCE.matchingValues,
  },
  {
    name: 'strings match character by character, without case folding',
    pattern: { source: ['aws.ec2'] },
    event: { source: 'AWS.EC2' },
    expected: false,
    source: SOURCE.considerations,
  },
  {
    name: 'numbers and nested objects: the Macie severity score and count pattern',
    pattern: maciePattern,
    event: macieEvent,
    expected: true,
    source: SOURCE.valueMatching,
  },
  {
    name: 'numbers: a different count does not match',
    pattern: maciePattern,
    event: { ...macieEvent, detail: { ...macieEvent.detail, count: 3 } },
    expected: false,
    source: SOURCE.valueMatching,
  },
  {
    name: 'numbers: 300 in the pattern and 3.0e2 in the event are the same JSON number once parsed',
    pattern: { detail: { 'x-limit': [300] } },
    event: JSON.parse('{"detail": {"x-limit": 3.0e2}}'),
    expected: true,
    source: SOURCE.considerations,
    note:
      'The guide says literal numbers compare by string representation (300, 300.0 and 3.0e2 differ). ' +
      'A matcher over parsed JSON cannot see the representation, and event-ruler, the engine behind ' +
      'EventBridge, also compiles a number literal to a numeric-equals matcher. For exact numeric ' +
      'equality regardless of spelling, use {"numeric": ["=", n]}.',
  },
  {
    name: 'numbers: the string "300" is not the number 300',
    pattern: { detail: { 'x-limit': [300] } },
    event: detailEvent({ 'x-limit': '300' }),
    expected: false,
    source: SOURCE.considerations,
  },
  {
    name: 'numbers: the number 300 is not the string "300"',
    pattern: { detail: { 'x-limit': ['300'] } },
    event: detailEvent({ 'x-limit': 300 }),
    expected: false,
    source: SOURCE.considerations,
  },
  {
    name: 'booleans: true matches the JSON keyword true',
    pattern: { detail: { enabled: [true] } },
    event: detailEvent({ enabled: true }),
    expected: true,
    source: SOURCE.considerations,
  },
  {
    name: 'booleans: true does not match the string "true"',
    pattern: { detail: { enabled: [true] } },
    event: detailEvent({ enabled: 'true' }),
    expected: false,
    source: SOURCE.considerations,
  },
  {
    name: 'booleans: false does not match true',
    pattern: { detail: { enabled: [false] } },
    event: detailEvent({ enabled: true }),
    expected: false,
    source: SOURCE.considerations,
  },

  // --- null and empty strings --------------------------------------------------------------
  {
    name: 'null matches a null value (Auto Scaling responseElements)',
    pattern: { detail: { responseElements: [null] } },
    event: autoScalingEvent,
    expected: true,
    source: SOURCE.nullAndEmpty,
  },
  {
    name: 'the full Auto Scaling field-matching example matches on null',
    pattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    },
    event: autoScalingEvent,
    expected: true,
    source: SOURCE.fieldMatching,
  },
  {
    name: 'an empty string matches an empty string (Auto Scaling eventVersion)',
    pattern: { detail: { eventVersion: [''] } },
    event: autoScalingEvent,
    expected: true,
    source: SOURCE.nullAndEmpty,
  },
  {
    name: 'null and empty string are not interchangeable: null does not match ""',
    pattern: { detail: { eventVersion: [null] } },
    event: autoScalingEvent,
    expected: false,
    source: SOURCE.nullAndEmpty,
  },
  {
    name: 'null and empty string are not interchangeable: "" does not match null',
    pattern: { detail: { responseElements: [''] } },
    event: autoScalingEvent,
    expected: false,
    source: SOURCE.nullAndEmpty,
  },
  {
    name: 'null does not match a field that is absent',
    pattern: { detail: { requestParameters: [null] } },
    event: autoScalingEvent,
    expected: false,
    source: SOURCE.creating,
  },

  // --- Arrays ------------------------------------------------------------------------------
  {
    name: 'an event array matches when it intersects the pattern array',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    expected: true,
    source: SOURCE.arrays,
  },
  {
    name: 'an event array with no element in the pattern array does not match',
    pattern: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-00000000'] },
    expected: false,
    source: SOURCE.arrays,
  },
  {
    name: 'an empty event array has no element to intersect, not even null',
    pattern: { resources: [null] },
    event: autoScalingEvent,
    expected: false,
    source: SOURCE.arrays,
  },
  {
    name: 'a nested pattern matches when any object in an event array matches it',
    pattern: { detail: { instances: { state: ['running'] } } },
    event: detailEvent({ instances: [{ state: 'stopped' }, { state: 'running' }] }),
    expected: true,
    source: SOURCE.arrays,
    note: 'The guide shows arrays of values; for arrays of objects each element is matched on its own.',
  },
  {
    name: 'a content filter matches when any event array element passes it',
    pattern: { resources: [{ prefix: 'arn:aws:ec2:' }] },
    event: { resources: ['arn:aws:autoscaling:us-east-1:123456789012:x', 'arn:aws:ec2:us-east-1:1:i-1'] },
    expected: true,
    source: SOURCE.arrays,
  },
  {
    name: 'a numeric filter matches when any event array element is in range',
    pattern: { detail: { scores: [{ numeric: ['>', 5] }] } },
    event: detailEvent({ scores: [1, 7] }),
    expected: true,
    source: SOURCE.arrays,
  },

  // --- prefix --------------------------------------------------------------------------------
  {
    name: 'prefix: "2017-10-02" matches a time on that day',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-02T18:43:48Z' },
    expected: true,
    source: SOURCE.prefix,
  },
  {
    name: 'prefix: "2017-10-02" does not match another day',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: ec2Event,
    expected: false,
    source: SOURCE.prefix,
  },
  {
    name: 'prefix: "us-" matches a US region',
    pattern: { Region: [{ prefix: 'us-' }] },
    event: { Region: 'us-east-1' },
    expected: true,
    source: SOURCE.operatorTable,
  },
  {
    name: 'prefix is case-sensitive',
    pattern: { Region: [{ prefix: 'us-' }] },
    event: { Region: 'US-EAST-1' },
    expected: false,
    source: SOURCE.prefix,
  },
  {
    name: 'prefix only works on strings: a number never matches',
    pattern: { detail: { code: [{ prefix: '12' }] } },
    event: detailEvent({ code: 123 }),
    expected: false,
    source: SOURCE.prefix,
  },
  {
    name: 'prefix with equals-ignore-case: "EventB" matches "EVENTBRIDGE"',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: detailEvent({ service: 'EVENTBRIDGE' }),
    expected: true,
    source: SOURCE.prefixIgnoreCase,
  },
  {
    name: 'prefix with equals-ignore-case: "EventB" matches "eventbus"',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: detailEvent({ service: 'eventbus' }),
    expected: true,
    source: SOURCE.prefixIgnoreCase,
  },
  {
    name: 'prefix with equals-ignore-case still needs the prefix',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: detailEvent({ service: 'Lambda' }),
    expected: false,
    source: SOURCE.prefixIgnoreCase,
  },

  // --- suffix --------------------------------------------------------------------------------
  {
    name: 'suffix: ".png" matches a PNG file name',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'photo.png' },
    expected: true,
    source: SOURCE.suffix,
  },
  {
    name: 'suffix is case-sensitive: ".png" does not match ".PNG"',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'photo.PNG' },
    expected: false,
    source: SOURCE.suffix,
  },
  {
    name: 'suffix must end the value',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'photo.png.txt' },
    expected: false,
    source: SOURCE.suffix,
  },
  {
    name: 'suffix with equals-ignore-case: ".png" matches ".PNG"',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    event: detailEvent({ FileName: 'PHOTO.PNG' }),
    expected: true,
    source: SOURCE.suffixIgnoreCase,
  },
  {
    name: 'suffix with equals-ignore-case still needs the suffix',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    event: detailEvent({ FileName: 'photo.jpg' }),
    expected: false,
    source: SOURCE.suffixIgnoreCase,
  },
  {
    name: 'suffix with equals-ignore-case: "tBridge" matches "EVENTBRIDGE"',
    pattern: { service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] },
    event: { service: 'EVENTBRIDGE' },
    expected: true,
    source: SOURCE.operatorTable,
  },

  // --- anything-but --------------------------------------------------------------------------
  {
    name: 'anything-but a string: another value matches',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: detailEvent({ state: 'running' }),
    expected: true,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a string: that value does not match',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: detailEvent({ state: 'initializing' }),
    expected: false,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but still needs the field to be present',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: detailEvent({}),
    expected: false,
    source: SOURCE.creating,
    note: 'The event must contain every field the pattern names; AWS TestEventPattern agrees.',
  },
  {
    name: 'anything-but a string matches a null value (null is not the excluded string)',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: detailEvent({ state: null }),
    expected: true,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a number: another number matches',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: detailEvent({ 'x-limit': 456 }),
    expected: true,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a number: that number does not match',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: detailEvent({ 'x-limit': 123 }),
    expected: false,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a list of strings: a listed value does not match',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: detailEvent({ state: 'overloaded' }),
    expected: false,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a list of strings: an unlisted value matches',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: detailEvent({ state: 'running' }),
    expected: true,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a list of numbers: a listed number does not match',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: detailEvent({ 'x-limit': 200 }),
    expected: false,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but a list of numbers: an unlisted number matches',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: detailEvent({ 'x-limit': 301.8 }),
    expected: true,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but prefix: a value with the prefix does not match',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: detailEvent({ state: 'initializing' }),
    expected: false,
    source: SOURCE.anythingButPrefix,
  },
  {
    name: 'anything-but prefix: a value without the prefix matches',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: detailEvent({ state: 'running' }),
    expected: true,
    source: SOURCE.anythingButPrefix,
  },
  {
    name: 'anything-but prefix: a number cannot have the prefix, so it matches',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: detailEvent({ state: 12 }),
    expected: true,
    source: SOURCE.anythingButPrefix,
  },
  {
    name: 'anything-but prefix "us-": a US region does not match',
    pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] },
    event: { Region: 'us-west-2' },
    expected: false,
    source: SOURCE.operatorTable,
  },
  {
    name: 'anything-but prefix "us-": a European region matches',
    pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] },
    event: { Region: 'eu-west-1' },
    expected: true,
    source: SOURCE.operatorTable,
  },
  {
    name: 'anything-but suffix ".png": a PNG file does not match',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'photo.png' },
    expected: false,
    source: SOURCE.anythingButSuffix,
  },
  {
    name: 'anything-but suffix ".png": a text file matches',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'notes.txt' },
    expected: true,
    source: SOURCE.anythingButSuffix,
  },
  {
    name: 'anything-but equals-ignore-case: any casing of the value does not match',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'INITIALIZING' },
    expected: false,
    source: SOURCE.anythingButIgnoreCase,
  },
  {
    name: 'anything-but equals-ignore-case list: a listed value in another casing does not match',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } },
    event: detailEvent({ state: 'STOPPED' }),
    expected: false,
    source: SOURCE.anythingButIgnoreCase,
  },
  {
    name: 'anything-but equals-ignore-case list: an unlisted value matches',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } },
    event: detailEvent({ state: 'running' }),
    expected: true,
    source: SOURCE.anythingButIgnoreCase,
  },
  {
    name: 'anything-but wildcard "*/lib/*": a path through /lib/ does not match',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/lib/libc.so' },
    expected: false,
    source: SOURCE.anythingButWildcard,
  },
  {
    name: 'anything-but wildcard "*/lib/*": another path matches',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/bin/ls' },
    expected: true,
    source: SOURCE.anythingButWildcard,
  },
  {
    name: 'anything-but wildcard list: a path matching any listed wildcard does not match',
    pattern: { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] },
    event: { FilePath: '/usr/bin/ls' },
    expected: false,
    source: SOURCE.anythingButWildcard,
  },
  {
    name: 'anything-but wildcard list: a path matching none of them matches',
    pattern: { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] },
    event: { FilePath: '/home/trainee/notes.txt' },
    expected: true,
    source: SOURCE.anythingButWildcard,
  },

  // --- numeric -------------------------------------------------------------------------------
  {
    name: 'numeric: the c-count / d-count / x-limit example matches values inside every range',
    pattern: numericPattern,
    event: detailEvent({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 }),
    expected: true,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric: only matches when true for all fields (d-count out of range)',
    pattern: numericPattern,
    event: detailEvent({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }),
    expected: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric [">", 0, "<=", 5]: 0 is excluded (open bottom)',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: detailEvent({ 'c-count': 0 }),
    expected: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric [">", 0, "<=", 5]: 5 is included (closed top)',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: detailEvent({ 'c-count': 5 }),
    expected: true,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric [">", 0, "<=", 5]: 5.5 is above the range',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: detailEvent({ 'c-count': 5.5 }),
    expected: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric ["=", 300] matches 3.0e2: numeric matching compares values',
    pattern: { detail: { 'x-limit': [{ numeric: ['=', 300] }] } },
    event: JSON.parse('{"detail": {"x-limit": 3.0e2}}'),
    expected: true,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric ["=", 3.018e2] matches 301.8',
    pattern: { detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    event: detailEvent({ 'x-limit': 301.8 }),
    expected: true,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric only works on JSON numbers: the string "5" does not match',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: detailEvent({ 'c-count': '5' }),
    expected: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric never matches a boolean or null',
    pattern: { detail: { 'c-count': [{ numeric: ['>=', 0] }] } },
    event: detailEvent({ 'c-count': null }),
    expected: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric needs the field to be present',
    pattern: { detail: { 'c-count': [{ numeric: ['>=', 0] }] } },
    event: detailEvent({}),
    expected: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric ["=", 100]: price is 100',
    pattern: { Price: [{ numeric: ['=', 100] }] },
    event: { Price: 100 },
    expected: true,
    source: SOURCE.operatorTable,
  },
  {
    name: 'numeric [">", 10, "<=", 20]: 20 is in range',
    pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    event: { Price: 20 },
    expected: true,
    source: SOURCE.operatorTable,
  },
  {
    name: 'numeric [">", 10, "<=", 20]: 10 is not more than 10',
    pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    event: { Price: 10 },
    expected: false,
    source: SOURCE.operatorTable,
  },

  // --- exists --------------------------------------------------------------------------------
  {
    name: 'exists true: matches the event that has detail.state',
    pattern: { detail: { state: [{ exists: true }] } },
    event: existsEvent,
    expected: true,
    source: SOURCE.exists,
  },
  {
    name: 'exists true: does not match the event without detail.state',
    pattern: { detail: { state: [{ exists: true }] } },
    event: intermediateNodeEvent,
    expected: false,
    source: SOURCE.exists,
  },
  {
    name: 'exists true: a null value is still a present field',
    pattern: { detail: { responseElements: [{ exists: true }] } },
    event: autoScalingEvent,
    expected: true,
    source: SOURCE.exists,
  },
  {
    name: 'exists true: an empty string is still a present field',
    pattern: { detail: { eventVersion: [{ exists: true }] } },
    event: autoScalingEvent,
    expected: true,
    source: SOURCE.exists,
  },
  {
    name: 'exists true only works on leaf nodes: an object value does not count',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: intermediateNodeEvent,
    expected: false,
    source: SOURCE.exists,
  },
  {
    name: 'exists false: matches an event without detail.c-count',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: existsEvent,
    expected: true,
    source: SOURCE.exists,
  },
  {
    name: 'exists false: also matches when c-count is an intermediate node, not a leaf',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: intermediateNodeEvent,
    expected: true,
    source: SOURCE.exists,
  },
  {
    name: 'exists false: does not match when c-count is a leaf value',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: detailEvent({ 'c-count': 5 }),
    expected: false,
    source: SOURCE.exists,
  },
  {
    name: 'exists false: matches when the whole parent object is missing',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { source: 'aws.ec2' },
    expected: true,
    source: SOURCE.exists,
  },

  // --- equals-ignore-case --------------------------------------------------------------------
  {
    name: 'equals-ignore-case: "alice" matches "ALICE"',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'ALICE' },
    expected: true,
    source: SOURCE.operatorTable,
  },
  {
    name: 'equals-ignore-case compares whole values: "alice" does not match "Alicia"',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alicia' },
    expected: false,
    source: SOURCE.equalsIgnoreCase,
  },
  {
    name: 'equals-ignore-case: the EC2 detail-type in lower case matches',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    event: ec2Event,
    expected: true,
    source: SOURCE.equalsIgnoreCase,
  },

  // --- wildcard ------------------------------------------------------------------------------
  {
    name: 'wildcard "dir/*.png": a PNG directly in dir matches',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'dir/photo.png' },
    expected: true,
    source: SOURCE.operatorTable,
  },
  {
    name: 'wildcard "*" spans any characters, including "/"',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'dir/2024/photo.png' },
    expected: true,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard "*" also matches zero characters',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'dir/.png' },
    expected: true,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard is anchored at the start',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'other/dir/photo.png' },
    expected: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard is anchored at the end',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'dir/photo.png.bak' },
    expected: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard with several "*": each run must appear in order',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' },
    expected: true,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard with several "*": a mismatch between them fails',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    event: { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' },
    expected: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard "\\*" is a literal asterisk: it matches "*"',
    pattern: { detail: { label: [{ wildcard: 'a\\*b' }] } },
    event: detailEvent({ label: 'a*b' }),
    expected: true,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard "\\*" is a literal asterisk: it does not expand',
    pattern: { detail: { label: [{ wildcard: 'a\\*b' }] } },
    event: detailEvent({ label: 'axb' }),
    expected: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard "\\\\" is a literal backslash',
    pattern: { detail: { path: [{ wildcard: 'C:\\\\*' }] } },
    event: detailEvent({ path: 'C:\\Windows' }),
    expected: true,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard without "*" must equal the whole value',
    pattern: { FileName: [{ wildcard: 'dir/photo.png' }] },
    event: { FileName: 'dir/photo.png.bak' },
    expected: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard only works on strings',
    pattern: { detail: { code: [{ wildcard: '1*' }] } },
    event: detailEvent({ code: 123 }),
    expected: false,
    source: SOURCE.wildcard,
  },

  // --- cidr ----------------------------------------------------------------------------------
  {
    name: 'cidr 10.0.0.0/24: 10.0.0.255 is inside',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: detailEvent({ sourceIPAddress: '10.0.0.255' }),
    expected: true,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr 10.0.0.0/24: 10.0.1.1 is outside',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: detailEvent({ sourceIPAddress: '10.0.1.1' }),
    expected: false,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr IPv6 /64: a fully written address inside the block matches',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    event: detailEvent({ sourceIPAddress: '2001:0db8:1234:1a00:0000:0000:0000:0000' }),
    expected: true,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr IPv6 /64: a compressed address inside the block matches',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    event: detailEvent({ sourceIPAddress: '2001:db8:1234:1a00:9::1' }),
    expected: true,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr IPv6 /64: an address in the next block does not match',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    event: detailEvent({ sourceIPAddress: '2001:db8:1234:1a01::1' }),
    expected: false,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr: an IPv4 address is never inside an IPv6 block',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    event: detailEvent({ sourceIPAddress: '10.0.0.1' }),
    expected: false,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr: a value that is not an IP address does not match',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: detailEvent({ sourceIPAddress: 'ec2.amazonaws.com' }),
    expected: false,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr: a number does not match',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: detailEvent({ sourceIPAddress: 123 }),
    expected: false,
    source: SOURCE.ipAddress,
  },

  // --- $or -----------------------------------------------------------------------------------
  {
    name: '$or with another field: source AND the first alternative',
    pattern: cloudWatchOr,
    event: { source: 'aws.cloudwatch', metricName: 'CPUUtilization' },
    expected: true,
    source: SOURCE.or,
  },
  {
    name: '$or with another field: source AND the second alternative',
    pattern: cloudWatchOr,
    event: { source: 'aws.cloudwatch', namespace: 'AWS/ES' },
    expected: true,
    source: SOURCE.or,
  },
  {
    name: '$or with another field: no alternative matches',
    pattern: cloudWatchOr,
    event: { source: 'aws.cloudwatch', metricName: 'NetworkIn', namespace: 'AWS/S3' },
    expected: false,
    source: SOURCE.or,
  },
  {
    name: '$or with another field: the field outside $or must still match',
    pattern: cloudWatchOr,
    event: { source: 'aws.ec2', metricName: 'CPUUtilization' },
    expected: false,
    source: SOURCE.or,
  },
  {
    name: '$or at top level and nested in detail: both satisfied',
    pattern: parallelOr,
    event: { namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } },
    expected: true,
    source: SOURCE.or,
  },
  {
    name: '$or at top level and nested in detail: the nested one unsatisfied',
    pattern: parallelOr,
    event: { namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } },
    expected: false,
    source: SOURCE.or,
  },
  {
    name: '$or alternative with two fields needs both (AND inside OR)',
    pattern: orWithAnd,
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' },
    expected: true,
    source: SOURCE.or,
  },
  {
    name: '$or alternative with two fields: one of them alone is not enough',
    pattern: orWithAnd,
    event: { source: 'aws.cloudwatch', metricType: 'MetricType' },
    expected: false,
    source: SOURCE.or,
  },
  {
    name: '$or nested inside an $or alternative: inner alternative satisfied',
    pattern: nestedOrAndAnd,
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 },
    expected: true,
    source: SOURCE.or,
  },
  {
    name: '$or nested inside an $or alternative: inner alternatives unsatisfied',
    pattern: nestedOrAndAnd,
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 },
    expected: false,
    source: SOURCE.or,
  },
  {
    name: '$or: Location is "New York", or Day is "Monday"',
    pattern: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
    event: { Location: 'Beijing', Day: 'Monday' },
    expected: true,
    source: SOURCE.operatorTable,
  },

  // --- Several filters combined ---------------------------------------------------------------
  {
    name: 'complex example: prefix, anything-but and numeric all satisfied',
    pattern: complexPattern,
    event: detailEvent(
      { state: 'running', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 },
      { time: '2017-10-02T16:24:49Z' },
    ),
    expected: true,
    source: SOURCE.complex,
  },
  {
    name: 'complex example: one excluded value (x-limit 200) fails the pattern',
    pattern: complexPattern,
    event: detailEvent(
      { state: 'running', 'c-count': 5, 'd-count': 3, 'x-limit': 200 },
      { time: '2017-10-02T16:24:49Z' },
    ),
    expected: false,
    source: SOURCE.complex,
  },
  // --- where the guide is silent: event-ruler's behaviour ------------------------------------
  {
    name: 'cidr 0.0.0.0/0 matches every IPv4 address',
    pattern: { detail: { sourceIPAddress: [{ cidr: '0.0.0.0/0' }] } },
    event: detailEvent({ sourceIPAddress: '203.0.113.9' }),
    expected: true,
    source: RULER_SOURCE.cidr,
  },
  {
    name: 'cidr 0.0.0.0/0 does not match an IPv6 address',
    pattern: { detail: { sourceIPAddress: [{ cidr: '0.0.0.0/0' }] } },
    event: detailEvent({ sourceIPAddress: '2001:db8::1' }),
    expected: false,
    source: RULER_SOURCE.cidr,
    note: 'A range over 8 hex digits never holds the 32 digits of an IPv6 address.',
  },
  {
    name: 'cidr ::/0 matches every IPv6 address',
    pattern: { detail: { sourceIPAddress: [{ cidr: '::/0' }] } },
    event: detailEvent({ sourceIPAddress: '2001:db8::1' }),
    expected: true,
    source: RULER_SOURCE.cidr,
  },
  {
    name: 'cidr ::/0 does not match an IPv4 address',
    pattern: { detail: { sourceIPAddress: [{ cidr: '::/0' }] } },
    event: detailEvent({ sourceIPAddress: '10.0.0.1' }),
    expected: false,
    source: RULER_SOURCE.cidr,
  },
  {
    name: 'cidr reads IPv4 parts with leading zeros as decimal',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: detailEvent({ sourceIPAddress: '010.000.000.001' }),
    expected: true,
    source: RULER_SOURCE.cidr,
    note: 'InetAddress on Java 17 reads "010" as 10, not octal 8.',
  },
  {
    name: 'cidr takes an IPv4-mapped IPv6 address in hex for the IPv4 address',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: detailEvent({ sourceIPAddress: '::ffff:a00:1' }),
    expected: true,
    source: RULER_SOURCE.cidr,
  },
  {
    name: 'cidr does not take an IPv6 address with a dotted IPv4 tail for an address at all',
    pattern: { detail: { sourceIPAddress: [{ cidr: '::/0' }] } },
    event: detailEvent({ sourceIPAddress: '::ffff:10.0.0.1' }),
    expected: false,
    source: RULER_SOURCE.cidr,
    note: "event-ruler's IPv6 pattern allows only hex digits and colons, so the value stays a plain string.",
  },
  {
    name: 'equals-ignore-case "ß" accepts its upper-case form "SS"',
    pattern: { detail: { street: [{ 'equals-ignore-case': 'ß' }] } },
    event: detailEvent({ street: 'SS' }),
    expected: true,
    source: RULER_SOURCE.ignoreCase,
  },
  {
    name: 'equals-ignore-case compares each pattern character with its two forms, not case folding: "ß" does not accept "ss"',
    pattern: { detail: { street: [{ 'equals-ignore-case': 'ß' }] } },
    event: detailEvent({ street: 'ss' }),
    expected: false,
    source: RULER_SOURCE.ignoreCase,
  },
  {
    name: 'equals-ignore-case "k" does not accept the Kelvin sign',
    pattern: { detail: { unit: [{ 'equals-ignore-case': 'k' }] } },
    event: detailEvent({ unit: '\u212A' }),
    expected: false,
    source: RULER_SOURCE.ignoreCase,
    note: 'The event is not case-mapped: only the pattern character\'s lower and upper forms are accepted.',
  },
  {
    name: 'equals-ignore-case with the Kelvin sign accepts "k", its lower-case form',
    pattern: { detail: { unit: [{ 'equals-ignore-case': '\u212A' }] } },
    event: detailEvent({ unit: 'k' }),
    expected: true,
    source: RULER_SOURCE.ignoreCase,
  },
  {
    name: 'prefix ignoring case follows the same forms: "straß" begins "STRASSE 1"',
    pattern: { detail: { street: [{ prefix: { 'equals-ignore-case': 'straß' } }] } },
    event: detailEvent({ street: 'STRASSE 1' }),
    expected: true,
    source: RULER_SOURCE.ignoreCase,
  },
  {
    name: 'suffix ignoring case follows the same forms: "gaße" ends "HAUPTGASSE"',
    pattern: { detail: { street: [{ suffix: { 'equals-ignore-case': 'gaße' } }] } },
    event: detailEvent({ street: 'HAUPTGASSE' }),
    expected: true,
    source: RULER_SOURCE.ignoreCase,
  },
  {
    name: 'numbers beyond ±5.0e9 are not matched (the guide\'s range)',
    pattern: { detail: { amount: [{ numeric: ['>', 0] }] } },
    event: detailEvent({ amount: 6e9 }),
    expected: false,
    source: RULER_SOURCE.numbers,
    note: 'Differs on purpose: event-ruler since 1.8 compares every double, but the EventBridge guide still documents -5.0e9..+5.0e9, so we keep to what AWS promises.',
  },
  {
    name: '$or: a branch that repeats an outer field replaces it (later key wins)',
    pattern: { source: ['a'], $or: [{ source: ['b'] }, { 'detail-type': ['x'] }] },
    event: { source: 'b' },
    expected: true,
    source: RULER_SOURCE.compiler,
  },
  {
    name: '$or: the outer field still holds in the branches that do not repeat it',
    pattern: { source: ['a'], $or: [{ source: ['b'] }, { 'detail-type': ['x'] }] },
    event: { source: 'c', 'detail-type': 'x' },
    expected: false,
    source: RULER_SOURCE.compiler,
  },
  {
    name: '$or: an outer field written after the $or replaces the branch\'s',
    pattern: { $or: [{ source: ['b'] }, { 'detail-type': ['x'] }], source: ['a'] },
    event: { source: 'b' },
    expected: false,
    source: RULER_SOURCE.compiler,
    note: 'The first branch becomes source = a; key order of the JSON decides, as event-ruler compiles in order.',
  },
  {
    name: '$or: the same pattern matches the value written last',
    pattern: { $or: [{ source: ['b'] }, { 'detail-type': ['x'] }], source: ['a'] },
    event: { source: 'a' },
    expected: true,
    source: RULER_SOURCE.compiler,
  },
  {
    name: 'exists: false inside an array of objects fails when any element has the field',
    pattern: { detail: { items: { id: [{ exists: false }] } } },
    event: detailEvent({ items: [{ id: 1 }, { name: 'x' }] }),
    expected: false,
    source: RULER_SOURCE.absence,
  },
  {
    name: 'exists: false inside an array of objects holds for the element a field sorted before it chose',
    pattern: { detail: { items: { code: ['x'], serial: [{ exists: false }] } } },
    event: detailEvent({ items: [{ code: 'y', serial: 1 }, { code: 'x' }] }),
    expected: true,
    source: RULER_SOURCE.absence,
  },
  {
    name: 'exists: false inside an array of objects fails when the chosen element has the field',
    pattern: { detail: { items: { code: ['x'], serial: [{ exists: false }] } } },
    event: detailEvent({ items: [{ code: 'x', serial: 1 }] }),
    expected: false,
    source: RULER_SOURCE.absence,
  },
  {
    name: 'exists: false is judged in the sorted order of the paths: before a later field chose an element, every element counts',
    pattern: { detail: { items: { name: ['x'], id: [{ exists: false }] } } },
    event: detailEvent({ items: [{ id: 1, name: 'y' }, { name: 'x' }] }),
    expected: false,
    source: RULER_SOURCE.absence,
    note: '"detail.items.id" sorts before "detail.items.name", so the absence is checked while no element is chosen yet and element 0 has an id.',
  },
  {
    name: 'exists: false holds for an empty array of objects',
    pattern: { detail: { items: { id: [{ exists: false }] } } },
    event: detailEvent({ items: [] }),
    expected: true,
    source: RULER_SOURCE.absence,
  },
  {
    name: 'a dotted key in the pattern names the nested event field',
    pattern: { detail: { 'a.b': ['v'] } },
    event: detailEvent({ a: { b: 'v' } }),
    expected: true,
    source: RULER_SOURCE.event,
  },
  {
    name: 'a dotted key in the event is the nested pattern field',
    pattern: { detail: { a: { b: ['v'] } } },
    event: detailEvent({ 'a.b': 'v' }),
    expected: true,
    source: RULER_SOURCE.event,
  },
];

const validationRows: readonly ValidationRow[] = [
  {
    name: 'a leaf value must be an array',
    pattern: { source: 'aws.ec2' },
    valid: false,
    source: SOURCE.matchingValues,
  },
  {
    name: 'a leaf array must not be empty',
    pattern: { source: [] },
    valid: false,
    source: SOURCE.matchingValues,
  },
  {
    name: 'a leaf array may not nest arrays',
    pattern: { source: [['aws.ec2']] },
    valid: false,
    source: SOURCE.considerations,
  },
  {
    name: 'the pattern itself must be a JSON object',
    pattern: ['aws.ec2'],
    valid: false,
    source: SOURCE.creating,
  },
  {
    name: 'an empty nested object is refused',
    pattern: { detail: {} },
    valid: false,
    source: SOURCE.creating,
  },
  {
    name: 'an unknown operator is refused ("contains" is not an EventBridge operator)',
    pattern: { detail: { state: [{ contains: 'run' }] } },
    valid: false,
    source: SOURCE.operatorTable,
  },
  {
    name: 'a filter object names exactly one operator',
    pattern: { FileName: [{ prefix: 'dir/', suffix: '.png' }] },
    valid: false,
    source: SOURCE.operatorTable,
  },
  {
    name: 'prefix takes a string',
    pattern: { time: [{ prefix: 2017 }] },
    valid: false,
    source: SOURCE.prefix,
  },
  {
    name: 'prefix nests only equals-ignore-case',
    pattern: { service: [{ prefix: { wildcard: 'Event*' } }] },
    valid: false,
    source: SOURCE.prefixIgnoreCase,
  },
  {
    name: 'suffix with equals-ignore-case is accepted',
    pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
    valid: true,
    source: SOURCE.suffixIgnoreCase,
  },
  {
    name: 'equals-ignore-case takes a string',
    pattern: { Name: [{ 'equals-ignore-case': ['alice'] }] },
    valid: false,
    source: SOURCE.equalsIgnoreCase,
  },
  {
    name: 'anything-but lists hold only strings or only numbers',
    pattern: { state: [{ 'anything-but': ['stopped', 100] }] },
    valid: false,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but does not take a boolean',
    pattern: { enabled: [{ 'anything-but': true }] },
    valid: false,
    source: SOURCE.anythingBut,
  },
  {
    name: 'anything-but does not nest numeric',
    pattern: { 'x-limit': [{ 'anything-but': { numeric: ['>', 5] } }] },
    valid: false,
    source: SOURCE.operatorTable,
  },
  {
    name: 'anything-but prefix must not be empty',
    pattern: { state: [{ 'anything-but': { prefix: '' } }] },
    valid: false,
    source: SOURCE.anythingButPrefix,
  },
  {
    name: 'anything-but wildcard follows the wildcard rules',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '**/lib/*' } }] },
    valid: false,
    source: SOURCE.anythingButWildcard,
  },
  {
    name: 'numeric takes an array',
    pattern: { Price: [{ numeric: 100 }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric bounds must be JSON numbers, not strings',
    pattern: { Price: [{ numeric: ['>', '10'] }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric comparators are <, <=, =, > and >=',
    pattern: { Price: [{ numeric: ['==', 10] }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric ranges open with > or >= and close with < or <=',
    pattern: { Price: [{ numeric: ['<', 20, '>', 10] }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric "=" cannot be combined into a range',
    pattern: { Price: [{ numeric: ['=', 10, '<', 20] }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric range bottom must be below its top',
    pattern: { Price: [{ numeric: ['>', 20, '<=', 10] }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'numeric bounds lie between -5.0e9 and +5.0e9',
    pattern: { Price: [{ numeric: ['>', 6e9] }] },
    valid: false,
    source: SOURCE.numeric,
  },
  {
    name: 'exists takes true or false',
    pattern: { detail: { state: [{ exists: 'true' }] } },
    valid: false,
    source: SOURCE.exists,
  },
  {
    name: 'wildcard: consecutive "*" are not supported',
    pattern: { FileName: [{ wildcard: 'dir/**.png' }] },
    valid: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard: a backslash may only escape "*" or "\\"',
    pattern: { FileName: [{ wildcard: 'dir\\/*.png' }] },
    valid: false,
    source: SOURCE.wildcard,
  },
  {
    name: 'wildcard: an escaped star next to a star is not consecutive wildcards',
    pattern: { FileName: [{ wildcard: '\\**' }] },
    valid: true,
    source: SOURCE.wildcard,
  },
  {
    name: 'cidr needs a mask',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0' }] } },
    valid: false,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr mask cannot exceed the address length',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/33' }] } },
    valid: false,
    source: SOURCE.ipAddress,
  },
  {
    name: 'cidr address must be an IP address',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.256/24' }] } },
    valid: false,
    source: SOURCE.ipAddress,
  },
  {
    name: '$or takes an array of patterns',
    pattern: { $or: { metricName: ['CPUUtilization'] } },
    valid: false,
    source: SOURCE.or,
  },
  {
    name: '$or needs at least two alternatives',
    pattern: { $or: [{ metricName: ['CPUUtilization'] }] },
    valid: false,
    source: SOURCE.or,
  },
  {
    name: '$or alternatives cannot use an operator name as a field',
    pattern: { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
    valid: false,
    source: SOURCE.or,
  },
  {
    name: 'cidr mask as long as an IPv4 address is refused',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.1/32' }] } },
    valid: false,
    source: RULER_SOURCE.cidr,
  },
  {
    name: 'cidr mask as long as an IPv6 address is refused',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8::1/128' }] } },
    valid: false,
    source: RULER_SOURCE.cidr,
  },
  {
    name: 'cidr 0.0.0.0/0 and ::/0 are accepted',
    pattern: { detail: { v4: [{ cidr: '0.0.0.0/0' }], v6: [{ cidr: '::/0' }] } },
    valid: true,
    source: RULER_SOURCE.cidr,
  },
];

describe('EventBridge event patterns: matching conformance', () => {
  it.each(matchRows)('$name', ({ pattern, event, expected }) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('every row cites the AWS documentation section or the event-ruler source it comes from', () => {
    const uncited = [...matchRows, ...validationRows].filter((row) => !row.source.startsWith(DOCS) && !row.source.startsWith(RULER)).map((row) => row.name);
    expect(uncited).toEqual([]);
  });

  it('every pattern in the table is one AWS would accept', () => {
    const rejected = matchRows
      .map((row) => ({ name: row.name, problems: validateEventPattern(row.pattern) }))
      .filter((result) => result.problems.length > 0);
    expect(rejected).toEqual([]);
  });
});

describe('EventBridge event patterns: validation conformance', () => {
  it.each(validationRows)('$name', ({ pattern, valid }) => {
    const problems = validateEventPattern(pattern);
    if (valid) expect(problems).toEqual([]);
    else expect(problems).not.toEqual([]);
  });
});
