/**
 * The sliding 60-second window of trainees per device (domain/device-window.ts), enforced by
 * DynamoDB: one item per device holds the recent trainees and a version number; every admission
 * is a write conditional on the version it read (optimistic concurrency), retried on conflict, so
 * two requests racing on one device can never both take the last place. Refusals write nothing.
 * The item carries `expiresAt` so a device that falls silent does not keep it forever; entries
 * older than the window are pruned on every write, and since TTL deletes late the pruning, not
 * the TTL, decides.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '@peixun/shared';
import { admitToDeviceWindow, DEVICE_WINDOW_MS, type RecentTrainees } from '../domain/device-window';
import { DeviceWindowContended } from '../domain/errors';
import { epochSeconds, isConditionFailure, keys } from './keys';

interface DeviceWindowItem {
  readonly trainees: RecentTrainees;
  readonly version: number;
}

/** Conflicts need concurrent checks from one unregistered device: a few retries settle them. */
const MAX_ATTEMPTS = 8;

export class DeviceWindowRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True when `traineeId` may be checked in on `deviceId` at `now` (and is now counted); false when the device is over `limit`. */
  async admit(deviceId: string, traineeId: string, now: Date, limit: number): Promise<boolean> {
    const key = keys.deviceWindow(deviceId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      const current = Item as DeviceWindowItem | undefined;
      const decision = admitToDeviceWindow(current?.trainees ?? {}, traineeId, now.getTime(), limit);
      if (!decision.admitted) return false;
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              trainees: decision.recent,
              version: (current?.version ?? 0) + 1,
              // One window past the last check, and one more for clocks that disagree.
              [TTL_ATTRIBUTE]: epochSeconds(now) + (2 * DEVICE_WINDOW_MS) / 1000,
            },
            ConditionExpression: current === undefined ? 'attribute_not_exists(pk)' : 'version = :version',
            ...(current === undefined ? {} : { ExpressionAttributeValues: { ':version': current.version } }),
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Someone else wrote in between: read their state and decide again, after a short jittered pause.
        await sleep(Math.random() * 10 * attempt);
      }
    }
    throw new DeviceWindowContended(deviceId);
  }
}
