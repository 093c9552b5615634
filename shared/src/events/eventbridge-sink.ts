import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventSink, PutEventEntry } from './contract';
import { awsClientConfig } from '../aws/credentials';

/**
 * The real sink. Locally the same client talks to the local bus through
 * AWS_ENDPOINT_URL_EVENTBRIDGE, so producers run the same code in both places.
 */
export function eventBridgeSink(client = new EventBridgeClient(awsClientConfig())): EventSink {
  return {
    async put(entries: PutEventEntry[]) {
      const result = await client.send(new PutEventsCommand({ Entries: entries }));
      if ((result.FailedEntryCount ?? 0) > 0) {
        const failed = (result.Entries ?? []).filter((entry) => entry.ErrorCode);
        throw new Error(
          `PutEvents rejected ${failed.length} entries: ${failed.map((entry) => `${entry.ErrorCode} ${entry.ErrorMessage}`).join('; ')}`,
        );
      }
    },
  };
}
