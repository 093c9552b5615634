/**
 * Photo replay (issue 15) in the database, against DynamoDB Local: a trainee's exact photo is kept
 * once by a sentinel, and their recent hashes are replaced only at the version read, so two checks
 * racing with similar photos cannot both be compared against the old list.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { type CheckRecord, CheckRepository } from '../src/adapters/check-repository';
import type { PhotoHashEntry } from '../src/domain/photo-replay';
import { attendanceManifest } from '../src/manifest';

const runtime = useLocalRuntime({ manifests: [attendanceManifest] });

function repository(): CheckRepository {
  return new CheckRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }), { marshallOptions: { removeUndefinedValues: true } }), tableName('attendance'));
}

const record = (traineeId: string, sessionId: string, imageHash: string): CheckRecord => ({
  recordId: `chk_${sessionId}_${traineeId}`,
  classId: 'cls_h',
  sessionId,
  traineeId,
  kind: 'CHECK_IN',
  at: '2026-12-03T09:00:00+08:00',
  deviceId: 'kiosk-h',
  mode: '1:1',
  engine: 'embedded',
  model: 'test',
  similarity: 90,
  threshold: 50,
  templateId: 'tpl',
  imageHash,
  photoKey: 'raw/checks/x',
  recordedBy: 'sub',
});
const entry = (sessionId: string, hash: string): PhotoHashEntry => ({ hash, sessionId, kind: 'CHECK_IN', recordId: `chk_${sessionId}`, at: '2026-12-03T09:00:00+08:00' });

describe('photo history in the database', () => {
  it('the exact bytes a trainee checked with are refused in another session (PHOTO_REPLAYED), yet another trainee is not bound by them', async () => {
    const checks = repository();
    expect(await checks.save(record('trn_h1', 'ses_h1', 'sha-a'), { entries: [entry('ses_h1', '00000000000000ff')], readVersion: 0 }, [])).toBe('SAVED');
    const history = await checks.photoHistory('trn_h1');
    expect(history).toEqual({ entries: [entry('ses_h1', '00000000000000ff')], version: 1 });
    expect(await checks.save(record('trn_h1', 'ses_h2', 'sha-a'), { entries: [], readVersion: history.version }, [])).toBe('PHOTO_REPLAYED');
    expect(await checks.save(record('trn_h2', 'ses_h2', 'sha-a'), { entries: [], readVersion: 0 }, [])).toBe('SAVED');
  });

  it('a history changed since it was read is not overwritten: the second of two racing saves gets HISTORY_CHANGED', async () => {
    const checks = repository();
    const read = await checks.photoHistory('trn_h3');
    const [first, second] = await Promise.all([
      checks.save(record('trn_h3', 'ses_h3', 'sha-b'), { entries: [entry('ses_h3', '0f00000000000000')], readVersion: read.version }, []),
      checks.save(record('trn_h3', 'ses_h4', 'sha-c'), { entries: [entry('ses_h4', '0f00000000000001')], readVersion: read.version }, []),
    ]);
    expect([first, second].sort()).toEqual(['HISTORY_CHANGED', 'SAVED']);
    expect((await checks.photoHistory('trn_h3')).version).toBe(1);
  });
});
