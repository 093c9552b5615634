import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEventPublisher, defineEvent, parseEvent, type PutEventEntry } from '../src/events/contract';
import { EventContractViolation } from '../src/errors';

const lessonTaught = defineEvent({
  source: 'peixun.test',
  detailType: 'Lesson.Taught',
  schemaVersion: 2,
  detail: { lessonId: z.string(), hours: z.number().positive() },
});

function envelope(detail: unknown, overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'evt-1',
    'detail-type': 'Lesson.Taught',
    source: 'peixun.test',
    account: '000000000000',
    time: '2026-11-26T01:00:00Z',
    region: 'cn-northwest-1',
    resources: [],
    detail,
    ...overrides,
  };
}

describe('event contracts', () => {
  it('derive the EventBridge pattern from source, detail-type and schema version', () => {
    expect(lessonTaught.pattern).toEqual({
      source: ['peixun.test'],
      'detail-type': ['Lesson.Taught'],
      detail: { schemaVersion: [2] },
    });
  });

  it('publish validated details stamped with the schema version', async () => {
    const sent: PutEventEntry[] = [];
    const publisher = createEventPublisher({ put: async (entries) => void sent.push(...entries) }, 'peixun');
    await publisher.publish(lessonTaught, { lessonId: 'l1', hours: 2 });
    expect(sent).toEqual([
      {
        Source: 'peixun.test',
        DetailType: 'Lesson.Taught',
        EventBusName: 'peixun',
        Detail: JSON.stringify({ lessonId: 'l1', hours: 2, schemaVersion: 2 }),
      },
    ]);
  });

  it('refuse to publish a detail that breaks the contract, sending nothing', async () => {
    const sent: PutEventEntry[] = [];
    const publisher = createEventPublisher({ put: async (entries) => void sent.push(...entries) }, 'peixun');
    await expect(publisher.publish(lessonTaught, { lessonId: 'l1', hours: -1 })).rejects.toBeInstanceOf(
      EventContractViolation,
    );
    expect(sent).toEqual([]);
  });

  it('parse a delivered envelope into a typed detail', () => {
    const received = parseEvent(lessonTaught, envelope({ lessonId: 'l1', hours: 2, schemaVersion: 2 }));
    expect(received).toEqual({ id: 'evt-1', time: '2026-11-26T01:00:00Z', detail: { lessonId: 'l1', hours: 2, schemaVersion: 2 } });
  });

  it('reject an envelope of another event type or schema version', () => {
    expect(() => parseEvent(lessonTaught, envelope({ lessonId: 'l1', hours: 2, schemaVersion: 2 }, { source: 'peixun.other' }))).toThrow(
      EventContractViolation,
    );
    expect(() => parseEvent(lessonTaught, envelope({ lessonId: 'l1', hours: 2, schemaVersion: 1 }))).toThrow(
      EventContractViolation,
    );
  });
});
