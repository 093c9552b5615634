import * as z from 'zod';
import { EventContractViolation } from '../errors';
import type { EventPattern } from './event-pattern';

/**
 * One object per event, shared by producer, consumer, CDK rule and local bus (Swarmion's
 * EventBridgeContract). `detail` always carries `schemaVersion`, so a consumer can tell a newer
 * producer from a broken one; a breaking change is a new detail-type version, not an edit.
 */
export interface EventContract<Detail extends z.ZodObject = z.ZodObject> {
  readonly source: `peixun.${string}`;
  readonly detailType: string;
  readonly schemaVersion: number;
  readonly detail: Detail;
  readonly pattern: EventPattern;
}

export type DetailOf<C extends EventContract> = z.infer<C['detail']>;

export function defineEvent<Shape extends z.ZodRawShape>(args: {
  source: `peixun.${string}`;
  detailType: string;
  schemaVersion: number;
  detail: Shape;
}): EventContract<z.ZodObject<Shape & { schemaVersion: z.ZodLiteral<number> }>> {
  const detail = z.object({ ...args.detail, schemaVersion: z.literal(args.schemaVersion) });
  return {
    source: args.source,
    detailType: args.detailType,
    schemaVersion: args.schemaVersion,
    detail,
    pattern: {
      source: [args.source],
      'detail-type': [args.detailType],
      detail: { schemaVersion: [args.schemaVersion] },
    },
  };
}

/** The envelope EventBridge delivers to a target (and the local bus imitates). */
export const eventEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export interface ReceivedEvent<C extends EventContract> {
  id: string;
  time: string;
  detail: DetailOf<C>;
}

/** Validates an incoming envelope against the contract; a mismatch is a producer bug, so it throws. */
export function parseEvent<C extends EventContract>(contract: C, raw: unknown): ReceivedEvent<C> {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new EventContractViolation(contract.detailType, z.prettifyError(envelope.error));
  const { source, id, time } = envelope.data;
  if (source !== contract.source || envelope.data['detail-type'] !== contract.detailType) {
    throw new EventContractViolation(
      contract.detailType,
      `received ${source}/${envelope.data['detail-type']}`,
    );
  }
  const detail = contract.detail.safeParse(envelope.data.detail);
  if (!detail.success) throw new EventContractViolation(contract.detailType, z.prettifyError(detail.error));
  return { id, time, detail: detail.data as DetailOf<C> };
}

/** What a producer hands to PutEvents; the port lets tests and the local bus share one path. */
export interface PutEventEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
  Time?: Date;
  TraceHeader?: string;
}

export interface EventSink {
  put(entries: PutEventEntry[]): Promise<void>;
}

export interface EventPublisher {
  publish<C extends EventContract>(
    contract: C,
    detail: Omit<DetailOf<C>, 'schemaVersion'>,
  ): Promise<void>;
}

/** Validates before sending: a malformed event never leaves the producer. */
export function createEventPublisher(sink: EventSink, busName: string): EventPublisher {
  return {
    async publish(contract, detail) {
      const parsed = contract.detail.safeParse({ ...detail, schemaVersion: contract.schemaVersion });
      if (!parsed.success) {
        throw new EventContractViolation(contract.detailType, z.prettifyError(parsed.error));
      }
      await sink.put([
        {
          Source: contract.source,
          DetailType: contract.detailType,
          Detail: JSON.stringify(parsed.data),
          EventBusName: busName,
        },
      ]);
    },
  };
}
