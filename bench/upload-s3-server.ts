/**
 * The local S3 (fauxqs with ListParts and URL expiry added) alone in a process, so the benchmark
 * can measure the server's memory apart from the uploader's. Talks to its parent over IPC:
 * announces `{ type: 'ready', endpoint }`, answers `'peak-rss'`, exits on `'stop'`.
 */
import { buildApp } from 'fauxqs';
import { addMultipartCompat } from '../services/recordings/test/support/fauxqs-compat';

const app = buildApp({ logger: false });
addMultipartCompat(app);
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
