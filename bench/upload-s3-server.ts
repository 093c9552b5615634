/**
 * The local runtime's S3 engine (fauxqs on disk with the compat hooks) alone in a process, so the
 * benchmark can measure the server's memory apart from the uploader's. Stores in the directory
 * given as its argument. Talks to its parent over IPC: announces `{ type: 'ready', endpoint }`,
 * answers `'peak-rss'`, exits on `'stop'`.
 */
import { createS3EmulatorApp } from '../local/src/engines/s3-emulator';

const storageDir = process.argv[2];
if (storageDir === undefined) throw new Error('usage: upload-s3-server.ts <storage dir>');
const app = createS3EmulatorApp(storageDir);
const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ type: 'ready', endpoint });

process.on('message', (message: unknown) => {
  if (message === 'peak-rss') {
    // maxRSS is reported in kilobytes.
    process.send?.({ type: 'peak-rss', bytes: process.resourceUsage().maxRSS * 1024 });
  } else if (message === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
