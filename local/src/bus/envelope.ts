import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventEnvelope } from '@peixun/shared';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION } from '../local-aws';
import { EVENT_BUS_NAME } from '@peixun/shared';

/** One PutEvents entry as the SDK sends it (awsJson1_1: timestamps are epoch seconds). */
export const putEventsEntrySchema = z.object({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  Time: z.union([z.number(), z.string()]).optional(),
  TraceHeader: z.string().optional(),
});
export type PutEventsEntry = z.infer<typeof putEventsEntrySchema>;

export interface EntryRejection {
  ErrorCode: string;
  ErrorMessage: string;
}

const BUS_ARN = `arn:${LOCAL_PARTITION}:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${EVENT_BUS_NAME}`;

/** EventBridge prints times to the second, without milliseconds. */
const eventTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function entryTime(time: PutEventsEntry['Time'], now: Date): Date {
  if (time === undefined) return now;
  const date = typeof time === 'number' ? new Date(time * 1_000) : new Date(time);
  return Number.isNaN(date.getTime()) ? now : date;
}

function parseDetail(detail: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks an entry the way EventBridge does and wraps it in the envelope targets receive. There is
 * one bus locally, `peixun`; an entry for any other bus (including `default`) is refused rather
 * than silently dropped, since in AWS it would reach none of our rules.
 */
export function toEnvelope(entry: PutEventsEntry, now = new Date()): EventEnvelope | EntryRejection {
  const { Source: source, DetailType: detailType, Detail: rawDetail } = entry;
  if (!source || !detailType || !rawDetail) {
    const field = !source ? 'Source' : !detailType ? 'DetailType' : 'Detail';
    return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
  }
  const bus = entry.EventBusName ?? 'default';
  if (bus !== EVENT_BUS_NAME && bus !== BUS_ARN) {
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist (the local runtime has only "${EVENT_BUS_NAME}").` };
  }
  const detail = parseDetail(rawDetail);
  if (detail === undefined) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: LOCAL_ACCOUNT,
    time: eventTime(entryTime(entry.Time, now)),
    region: LOCAL_REGION,
    resources: entry.Resources ?? [],
    detail,
  };
}

export const isRejection = (result: EventEnvelope | EntryRejection): result is EntryRejection => 'ErrorCode' in result;
