import { statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { defineService } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { bundleFunctions, contributorsOf, deployedFunctionsOf, type FunctionBundle } from '../src/function-bundles';
import { serviceManifests } from '../../services/manifests';
import { StackTemplates } from './fixtures/templates';
import { createTestApp } from './fixtures/test-app';

/**
 * Every Lambda bundle, built with infra's own esbuild options, stays within its budget: the bytes
 * of the minified handler file Node parses at cold start (native modules are installed beside the
 * bundle and do not count). Issue 14's target is 250 KB for every function; `npm run
 * bench:coldstart` prints the sizes with their largest contributors and the init times.
 */
const KB = 1024;
const BUDGET_KB = 250;

/**
 * Groups with a budget of their own, each a little above today's largest member (so growth is
 * caught) and why. The first entry whose pattern matches a function applies. The outbox relays are
 * within the target and get a tighter budget; every other group is still above 250 KB. The AWS SDK
 * v3 stays bundled (tested code is the code that runs, and a bundled SDK starts faster than the
 * runtime's), without its default credential chain (infra/src/bundling.ts): @smithy/core ≈ 110 KB,
 * @aws-sdk/core ≈ 22 KB, signing and HTTP ≈ 20 KB, then each client (DynamoDB ≈ 32 KB, Secrets
 * Manager ≈ 13 KB for the PII key, EventBridge ≈ 15 KB, Rekognition ≈ 20 KB; S3 ≈ 150 KB with its
 * checksums, XML and @smithy/core's REST parts). Removing these entries is the remaining work of
 * issue 14.
 */
const HIGHER_BUDGETS: ReadonlyArray<{ readonly functions: string; readonly budgetKb: number; readonly reason: string }> = [
  {
    functions: '*.relayOutbox',
    budgetKb: 190,
    reason: 'Within the target: the EventBridge client of the bundled SDK; the outbox item is checked without zod.',
  },
  {
    functions: 'claims.importCertificates claims.importSkillUpgrade enrollment.importRoster enrollment.getRosterTemplate',
    budgetKb: 1_600,
    reason: 'XLSX files: exceljs with readable-stream, bluebird, jszip, pako, unzipper, saxes … (≈ 1 MB), loaded by dynamic import only when an XLSX arrives, so it costs bytes but no init time; plus the SDK and zod.',
  },
  {
    functions: 'payments.importUploadedResults',
    budgetKb: 700,
    reason: 'The S3 client, the bank result readers (csv-parse, fast-xml-parser and its dependencies ≈ 90 KB), DynamoDB and Secrets Manager clients, zod (≈ 95 KB).',
  },
  {
    functions:
      'recordings.startRecording recordings.signPartUrls recordings.listUploadedParts recordings.completeRecording recordings.abortRecording recordings.viewRecording recordings.verifyRecording attendance.checkIn attendance.checkOut attendance.enrollFace attendance.withdrawFaceConsent claims.declareCertificate claims.verifyCertificate claims.getCertificate claims.listCertificates enrollment.createDocument enrollment.getDocument enrollment.completeDocumentUpload payments.exportBatch payments.startResultUpload',
    budgetKb: 640,
    reason: 'The functions that use the bucket: the S3 client (≈ 150 KB) besides DynamoDB, Secrets Manager (and for attendance Rekognition) clients, zod (≈ 95 KB), the HTTP preset and the service code.',
  },
  {
    functions: 'enrollment.* attendance.* recordings.* claims.* payments.*',
    budgetKb: 530,
    reason: 'DynamoDB and Secrets Manager clients of the bundled SDK (≈ 200 KB with @smithy/core), zod (≈ 95 KB), the Powertools logger, the HTTP preset and the service code (claims: chinese-days\' holiday data, ≈ 45 KB).',
  },
];

function patternOf(glob: string): RegExp {
  return new RegExp(`^${glob.replaceAll('.', '\\.').replaceAll('*', '[^.]+')}$`);
}

function budgetOf(id: string): number {
  const entry = HIGHER_BUDGETS.find(({ functions }) => functions.split(' ').some((glob) => patternOf(glob).test(id)));
  return (entry?.budgetKb ?? BUDGET_KB) * KB;
}

describe('Lambda bundle sizes', () => {
  let bundles: FunctionBundle[] = [];

  it('bundles every function of every manifest with the options infra deploys', { timeout: 180_000 }, async () => {
    const functions = deployedFunctionsOf(serviceManifests);
    bundles = await bundleFunctions(functions);
    expect(bundles.map((bundle) => bundle.fn.id).sort()).toEqual(functions.map((fn) => fn.id).sort());
  });

  it('keeps every bundle within its budget (250 KB unless the table above says otherwise)', () => {
    expect(bundles.length).toBeGreaterThan(0);
    const over = bundles
      .filter((bundle) => bundle.bytes > budgetOf(bundle.fn.id))
      .map((bundle) => {
        const top = contributorsOf(bundle.output).slice(0, 4).map(({ name, bytes }) => `${name} ${Math.round(bytes / KB)} KB`);
        return `${bundle.fn.id}: ${Math.round(bundle.bytes / KB)} KB > ${budgetOf(bundle.fn.id) / KB} KB (${top.join(', ')})`;
      });
    expect(over).toEqual([]);
  });

  it('names no function in the budget table that does not exist', () => {
    const ids = deployedFunctionsOf(serviceManifests).map((fn) => fn.id);
    const unmatched = HIGHER_BUDGETS.flatMap(({ functions }) => functions.split(' ')).filter((glob) => !ids.some((id) => patternOf(glob).test(id)));
    expect(unmatched).toEqual([]);
  });

  it('bundles the S3 client (≈ 150 KB) only into the functions whose access names the bucket', () => {
    expect(bundles.length).toBeGreaterThan(0);
    const mismatched = bundles
      .filter((bundle) => Object.keys(bundle.output.inputs).some((input) => input.includes('@aws-sdk/client-s3/')) !== (bundle.fn.spec.access.bucket !== undefined))
      .map((bundle) => bundle.fn.id);
    expect(mismatched).toEqual([]);
  });

  it('imports no Node built-in as an ES module (each would cost its ESM facade at init; see BUILTINS_WITHOUT_ESM_FACADE)', () => {
    expect(bundles.length).toBeGreaterThan(0);
    const esmBuiltins = bundles.flatMap((bundle) =>
      bundle.output.imports.filter(({ path, kind }) => kind === 'import-statement' && isBuiltin(path)).map(({ path }) => `${bundle.fn.id}: ${path}`),
    );
    expect([...new Set(esmBuiltins)]).toEqual([]);
  });

  it('declares a native module exactly where the bundle imports it (installed beside the bundle, never bundled)', () => {
    expect(bundles.length).toBeGreaterThan(0);
    const mismatched = bundles.flatMap((bundle) => {
      const declared = [...(bundle.fn.spec.nativeModules ?? [])].sort();
      const imported = [...new Set(bundle.output.imports.filter(({ external, path }) => external === true && !isBuiltin(path)).map(({ path }) => path))].sort();
      return JSON.stringify(declared) === JSON.stringify(imported) ? [] : [`${bundle.fn.id}: declares [${declared.join(', ')}], imports [${imported.join(', ')}]`];
    });
    expect(mismatched).toEqual([]);
  });

  it('does not leave zod\'s locale files in any bundle (`import * as z from "zod"` lets esbuild drop them)', () => {
    const withLocales = bundles.filter((bundle) => Object.keys(bundle.output.inputs).some((input) => /zod\/v4\/locales\/(?!en\.js)/.test(input)));
    expect(withLocales.map((bundle) => bundle.fn.id)).toEqual([]);
  });
});

describe('the bundles measured here and by bench:coldstart', () => {
  it('are the assets CDK synthesises (infra/src/bundling.ts feeds both)', { timeout: 300_000 }, async () => {
    const { relayOutbox, getTrainee } = enrollmentManifest.functions;
    const service = defineService({ name: 'enrollment', functions: { relayOutbox: relayOutbox!, getTrainee: getTrainee! }, routes: [], subscriptions: [], resources: enrollmentManifest.resources });
    const { app, stack } = createTestApp([service], { bundle: true });
    const assembly = app.synth();
    const templates = new StackTemplates(stack);
    for (const bundle of await bundleFunctions(deployedFunctionsOf([service]))) {
      const id = templates.logicalId(templates.functionOf('enrollment', bundle.fn.name).function);
      const fn = templates.service('enrollment').findResources('AWS::Lambda::Function')[id] as { Properties: { Code: { S3Key: string } } };
      const asset = join(assembly.directory, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      expect(statSync(asset).size, bundle.fn.id).toBe(bundle.bytes);
    }
  });
});
