import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../src/local-aws';
import { useLocalRuntime } from '../../test/support/runtime';
import { probeDoomed, probeHandled, probeRequested } from './fixtures/contracts';
import { probeManifest } from './fixtures/manifest';

const runtime = useLocalRuntime({ manifests: [probeManifest] });

let client: EventBridgeClient;
beforeAll(() => {
  client = new EventBridgeClient({ ...LOCAL_AWS, endpoint: runtime().urls.events });
});
afterAll(() => client.destroy());

const handledPattern = (key: string) => ({ ...probeHandled.pattern, detail: { key: [key] } });

describe('event bus: PutEvents endpoint', () => {
  it('accepts entries from the real SDK and wraps them in the EventBridge envelope', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'peixun.test', DetailType: 'Thing.Happened', Detail: '{"n":1}', EventBusName: 'peixun', Resources: ['r1'] }],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries?.[0]?.EventId;
    const event = await runtime().bus.waitFor({ source: ['peixun.test'] });
    expect(event).toMatchObject({
      version: '0',
      id: eventId,
      'detail-type': 'Thing.Happened',
      source: 'peixun.test',
      account: '000000000000',
      region: 'cn-northwest-1',
      resources: ['r1'],
      detail: { n: 1 },
    });
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const archive = (await runtime().request('GET', '/_local/events', { as: 'admin' })).body as { events: Array<{ id: string }> };
    expect(archive.events.map((e) => e.id)).toContain(eventId);
  });

  it('rejects malformed entries one by one, as EventBridge does', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'peixun.test', DetailType: 'Ok.Sent', Detail: '{}', EventBusName: 'peixun' },
          { Source: 'peixun.test', DetailType: 'Bad.Detail', Detail: 'not json', EventBusName: 'peixun' },
          { Source: 'peixun.test', DetailType: 'Wrong.Bus', Detail: '{}', EventBusName: 'elsewhere' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.map((entry) => entry.ErrorCode)).toEqual([undefined, 'MalformedDetail', 'ResourceNotFoundException']);
  });

  it('lets tests subscribe and unsubscribe', async () => {
    const seen: string[] = [];
    const unsubscribe = runtime().bus.subscribe({ source: ['peixun.sub'] }, (event) => seen.push(event['detail-type']));
    const put = (detailType: string) =>
      client.send(new PutEventsCommand({ Entries: [{ Source: 'peixun.sub', DetailType: detailType, Detail: '{}', EventBusName: 'peixun' }] }));
    await put('First.Sent');
    unsubscribe();
    await put('Second.Sent');
    expect(seen).toEqual(['First.Sent']);
  });

  it('refuses an invalid pattern instead of never matching', () => {
    expect(() => runtime().bus.subscribe({ source: [] }, () => {})).toThrow(/Invalid event pattern/);
  });
});

describe('event bus: delivery to subscribed functions', () => {
  it('delivers to the subscribed handler in its worker, retrying until it succeeds', async () => {
    const response = await runtime().request('POST', '/probe/requests', { as: 'admin', body: { key: 'retry-me', failTimes: 2, doomed: false } });
    expect(response.status).toBe(202);
    const requested = await runtime().bus.waitFor({ ...probeRequested.pattern, detail: { key: ['retry-me'] } });
    const handled = await runtime().bus.waitFor(handledPattern('retry-me'), { timeoutMs: 10_000 });
    expect(handled.detail).toMatchObject({ key: 'retry-me', attempts: 3, eventId: requested.id });
    expect(runtime().bus.deadLetters.filter((letter) => letter.event.id === requested.id)).toEqual([]);
  });

  it('dead-letters an event after three failed attempts', async () => {
    await runtime().request('POST', '/probe/requests', { as: 'admin', body: { key: 'doomed', failTimes: 0, doomed: true } });
    const doomed = await runtime().bus.waitFor({ ...probeDoomed.pattern, detail: { key: ['doomed'] } });
    await runtime().bus.settled();
    const letters = (await runtime().request('GET', '/_local/dead-letters', { as: 'admin' })).body as {
      deadLetters: Array<{ event: { id: string }; service: string; subscription: string; function: string; attempts: number; error: { message: string } }>;
    };
    expect(letters.deadLetters).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ id: doomed.id }),
        service: 'probe',
        subscription: 'probe-doomed',
        function: 'crash',
        attempts: 3,
        error: expect.objectContaining({ message: expect.stringContaining('probe failure') }),
      }),
    ]);
  });

  it('does not deliver events that match no subscription', async () => {
    await client.send(
      new PutEventsCommand({
        Entries: [{ Source: probeRequested.source, DetailType: probeRequested.detailType, Detail: '{"key":"v2","failTimes":0,"schemaVersion":2}', EventBusName: 'peixun' }],
      }),
    );
    await runtime().bus.settled();
    await expect(runtime().bus.waitFor(handledPattern('v2'), { timeoutMs: 300 })).rejects.toThrow(/No event matching/);
  });
});
