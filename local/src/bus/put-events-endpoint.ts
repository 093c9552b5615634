import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { PayloadTooLarge, readBody, sendJson } from '../http-io';
import type { RuntimeLog } from '../log';
import { isRejection, putEventsEntrySchema, toEnvelope, type EntryRejection } from './envelope';
import type { LocalEventBus } from './event-bus';

const JSON_1_1 = 'application/x-amz-json-1.1';
const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
/** EventBridge's limits: 10 entries per call, 256 KB per call. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

const putEventsRequestSchema = z.object({ Entries: z.array(putEventsEntrySchema), EndpointId: z.string().optional() });

/** awsJson errors: the SDK reads the error name from `__type` and builds the matching exception. */
function sendAwsError(response: ServerResponse, status: number, type: string, message: string): void {
  sendJson(response, status, { __type: type, message }, { 'x-amzn-requestid': randomUUID() }, JSON_1_1);
}

/**
 * The PutEvents operation of EventBridge's JSON protocol, so producers keep using the real
 * @aws-sdk/client-eventbridge (pointed here by AWS_ENDPOINT_URL_EVENTBRIDGE). Other operations
 * (rules, archives, …) are not needed at run time: rules come from the manifests.
 */
export function putEventsEndpoint(bus: LocalEventBus, log: RuntimeLog) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target !== PUT_EVENTS_TARGET) {
      sendAwsError(response, 400, 'UnknownOperationException', `The local event bus supports only ${PUT_EVENTS_TARGET}, got ${String(target)}`);
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(request, MAX_REQUEST_BYTES);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        sendAwsError(response, 413, 'ValidationException', `Total size of the entries in the request exceeds ${MAX_REQUEST_BYTES} bytes`);
        return;
      }
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      sendAwsError(response, 400, 'SerializationException', 'Request body is not valid JSON');
      return;
    }
    const parsed = putEventsRequestSchema.safeParse(body);
    if (!parsed.success) {
      sendAwsError(response, 400, 'ValidationException', z.prettifyError(parsed.error));
      return;
    }
    const entries = parsed.data.Entries;
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      sendAwsError(response, 400, 'ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} items, got ${entries.length}`);
      return;
    }
    const results: Array<{ EventId: string } | EntryRejection> = entries.map((entry) => {
      const envelope = toEnvelope(entry);
      if (isRejection(envelope)) {
        log.warn(`PutEvents 拒绝了一条事件 / rejected entry: ${envelope.ErrorCode} ${envelope.ErrorMessage}`);
        return envelope;
      }
      bus.publish(envelope);
      return { EventId: envelope.id };
    });
    sendJson(
      response,
      200,
      { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results },
      { 'x-amzn-requestid': randomUUID() },
      JSON_1_1,
    );
  };
}
