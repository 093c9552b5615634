import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * `@peixun/shared/browser` is what the console bundles: it must resolve for a browser with nothing
 * Node-only behind it (the package root pulls in middy, Powertools, the AWS SDK and node:crypto).
 */
describe('@peixun/shared/browser', () => {
  it('bundles for the browser without Node built-ins, the AWS SDK, middy or Powertools', async () => {
    const result = await build({
      entryPoints: ['shared/src/browser.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /node_modules\/(@aws-sdk|@middy|@aws-lambda-powertools)\//.test(input) || input.startsWith('node:'))).toEqual([]);
    expect(inputs).toContain('shared/src/contracts/attendance/routes.ts');
  });

  it('carries the route contracts the console calls', async () => {
    const shared = await import('@peixun/shared/browser');
    for (const route of [shared.checkInRoute, shared.startRecordingRoute, shared.uploadedPartsRoute, shared.reviewClassRoute, shared.linkTraineeAccountRoute]) {
      expect(route.path).toMatch(/^\//);
      expect(route.response.schema).toBeDefined();
    }
  });
});
