import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, type PutEventEntry } from '../src/events/contract';
import { outboxItem, OUTBOX_STREAM_FILTER } from '../src/events/outbox';
import { relayOutbox } from '../src/events/outbox-relay';
import { matchesEventPattern } from '../src/events/pattern-matcher';
import { EventContractViolation } from '../src/errors';

const lessonTaught = defineEvent({
  source: 'peixun.test',
  detailType: 'Lesson.Taught',
  schemaVersion: 1,
  detail: { lessonId: z.string() },
});

/** A stream record as Lambda receives it for an inserted item. */
function insertRecord(sequence: number, item = outboxItem(lessonTaught, { lessonId: `l${sequence}` })): DynamoDBRecord {
  return {
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: String(sequence),
      Keys: { pk: { S: item.pk }, sk: { S: item.sk } },
      NewImage: {
        pk: { S: item.pk },
        sk: { S: item.sk },
        eventSource: { S: item.eventSource },
        eventDetailType: { S: item.eventDetailType },
        eventDetail: { S: item.eventDetail },
      },
    },
  };
}

describe('transactional outbox', () => {
  it('validates the detail when the item is written, so a bad event fails the transaction', () => {
    expect(() => outboxItem(lessonTaught, { lessonId: 5 } as unknown as { lessonId: string })).toThrow(EventContractViolation);
  });

  it('expires the item a day after it was written', () => {
    const now = new Date('2026-11-26T02:00:00Z');
    expect(outboxItem(lessonTaught, { lessonId: 'l1' }, now).expiresAt).toBe(now.getTime() / 1000 + 86_400);
  });

  it('lets only inserted outbox items through the stream filter', () => {
    const inserted = insertRecord(1);
    expect(matchesEventPattern(OUTBOX_STREAM_FILTER, inserted)).toBe(true);
    expect(matchesEventPattern(OUTBOX_STREAM_FILTER, { ...inserted, eventName: 'REMOVE' })).toBe(false);
    const trainee = { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'TRAINEE#t1' }, sk: { S: 'PROFILE' } } } };
    expect(matchesEventPattern(OUTBOX_STREAM_FILTER, trainee)).toBe(false);
  });

  it('relays stream records in order, ten per PutEvents call', async () => {
    const calls: PutEventEntry[][] = [];
    const result = await relayOutbox(
      Array.from({ length: 23 }, (_, index) => insertRecord(index + 1)),
      { put: async (entries) => void calls.push(entries) },
      'peixun',
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(JSON.parse(calls[2]?.[2]?.Detail ?? '{}')).toEqual({ lessonId: 'l23', schemaVersion: 1 });
  });

  it('relays only stream images that are whole outbox items (others are skipped, not failed)', async () => {
    const calls: PutEventEntry[][] = [];
    const good = insertRecord(1);
    const notOutbox = insertRecord(2);
    notOutbox.dynamodb!.NewImage!.pk = { S: 'TRAINEE#t1' };
    const numberDetail = insertRecord(3);
    numberDetail.dynamodb!.NewImage!.eventDetail = { N: '1' };
    const { eventSource: _source, ...withoutSource } = insertRecord(4).dynamodb!.NewImage!;
    const noSource: DynamoDBRecord = { eventName: 'INSERT', dynamodb: { SequenceNumber: '4', NewImage: withoutSource } };
    const result = await relayOutbox([good, notOutbox, numberDetail, noSource], { put: async (entries) => void calls.push(entries) }, 'peixun');
    expect(result.batchItemFailures).toEqual([]);
    expect(calls.flat().map((entry) => entry.Detail)).toEqual([good.dynamodb!.NewImage!.eventDetail!.S]);
  });

  it('reports the first record of the failed chunk so Lambda retries from there', async () => {
    let call = 0;
    const result = await relayOutbox(
      Array.from({ length: 15 }, (_, index) => insertRecord(index + 1)),
      {
        put: async () => {
          call += 1;
          if (call === 2) throw new Error('throttled');
        },
      },
      'peixun',
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '11' }]);
  });
});
