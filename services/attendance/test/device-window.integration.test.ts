/**
 * The device flood limit against DynamoDB Local, with the clock injected (no sleeping): a sliding
 * 60-second window, enforced by version-conditional writes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { DeviceWindowRepository } from '../src/adapters/device-window-repository';
import { keys } from '../src/adapters/keys';
import { attendanceManifest } from '../src/manifest';

const runtime = useLocalRuntime({ manifests: [attendanceManifest] });
const LIMIT = 3;

function documents(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }));
}

const at = (minute: number, second: number): Date => new Date(Date.UTC(2026, 10, 26, 2, minute, second));

describe('device flood limit: at most 3 different trainees per device within any 60 seconds', () => {
  it('3 trainees at second 59 and a 4th at second 61 (the next minute) is refused: no fixed minute buckets', async () => {
    const window = new DeviceWindowRepository(documents(), tableName('attendance'));
    for (const trainee of ['trn_a', 'trn_b', 'trn_c']) expect(await window.admit('phone-boundary', trainee, at(0, 59), LIMIT)).toBe(true);
    expect(await window.admit('phone-boundary', 'trn_d', at(1, 1), LIMIT)).toBe(false);
    // Still refused a second before the first three leave the window…
    expect(await window.admit('phone-boundary', 'trn_d', at(1, 58), LIMIT)).toBe(false);
    // …and admitted once they are 60 s old.
    expect(await window.admit('phone-boundary', 'trn_d', at(1, 59), LIMIT)).toBe(true);
  });

  it('the same trainee again within the window does not count twice, and moves their time forward', async () => {
    const window = new DeviceWindowRepository(documents(), tableName('attendance'));
    expect(await window.admit('phone-repeat', 'trn_a', at(0, 0), LIMIT)).toBe(true);
    expect(await window.admit('phone-repeat', 'trn_a', at(0, 50), LIMIT)).toBe(true);
    expect(await window.admit('phone-repeat', 'trn_b', at(0, 51), LIMIT)).toBe(true);
    expect(await window.admit('phone-repeat', 'trn_c', at(0, 52), LIMIT)).toBe(true);
    // At 1:10 trainee a's first check (0:00) is old, but the second (0:50) is not: still 3 in the window.
    expect(await window.admit('phone-repeat', 'trn_d', at(1, 10), LIMIT)).toBe(false);
  });

  it('one item per device: old entries are pruned on write, a version counts the writes, a TTL ends it', async () => {
    const client = documents();
    const window = new DeviceWindowRepository(client, tableName('attendance'));
    expect(await window.admit('phone-prune', 'trn_a', at(0, 0), LIMIT)).toBe(true);
    expect(await window.admit('phone-prune', 'trn_b', at(5, 0), LIMIT)).toBe(true);
    const { Item } = await client.send(new GetCommand({ TableName: tableName('attendance'), Key: keys.deviceWindow('phone-prune') }));
    expect(Item).toMatchObject({ trainees: { trn_b: at(5, 0).getTime() }, version: 2, expiresAt: at(5, 0).getTime() / 1000 + 120 });
    expect(Object.keys(Item?.trainees ?? {})).toEqual(['trn_b']);
  });

  it('concurrent checks on one device: exactly 3 of 8 different trainees get in (conditional writes, retried on conflict)', async () => {
    const window = new DeviceWindowRepository(documents(), tableName('attendance'));
    const trainees = Array.from({ length: 8 }, (_, i) => `trn_race_${i}`);
    const results = await Promise.all(trainees.map((trainee) => window.admit('phone-race', trainee, at(3, 0), LIMIT)));
    expect(results.filter(Boolean)).toHaveLength(LIMIT);
  });
});
