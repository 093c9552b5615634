import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, closeServer, PortInUseError } from '../src/net';
import { startLocalRuntime } from '../src/runtime';
import { probeManifest } from './fixtures/manifest';

let blocker: Server;
let takenPort: number;

beforeAll(async () => {
  blocker = createServer();
  takenPort = await listen(blocker, 0, { zh: '测试占位', en: 'test blocker' });
});
afterAll(() => closeServer(blocker));

describe('port already taken', () => {
  it.each(['api', 'events', 'dynamodb', 's3'] as const)('fails fast with a clear error when the %s port is in use', async (which) => {
    const attempt = startLocalRuntime({ manifests: [probeManifest], quiet: true, ports: { [which]: takenPort } });
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toThrow(new RegExp(`端口 ${takenPort} 已被占用`));
  });
});
