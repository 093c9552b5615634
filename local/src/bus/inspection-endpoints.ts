import type { LocalEndpoint } from '../gateway/local-endpoint';
import { sendJson } from '../http-io';
import type { LocalEventBus } from './event-bus';

/** What passed over the bus and what could not be delivered: the CloudWatch/DLQ view of local runs. */
export function busInspectionEndpoints(bus: LocalEventBus): LocalEndpoint[] {
  return [
    { method: 'GET', path: '/_local/events', handle: (_request, response) => sendJson(response, 200, { events: bus.events }) },
    { method: 'GET', path: '/_local/dead-letters', handle: (_request, response) => sendJson(response, 200, { deadLetters: bus.deadLetters }) },
  ];
}
