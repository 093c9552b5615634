/**
 * sharp (libvips) in the attendance functions' Lambda assets: left out of the esbuild bundle and
 * installed by `npm ci` for linux-arm64 (glibc) from infra/native-modules/package-lock.json.
 * The first suite reads templates only; the second really bundles one function (esbuild + npm ci,
 * needs the npm registry or a warm npm cache) and looks into the asset.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { attendanceManifest } from '@peixun/attendance/manifest';
import { defineService } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceManifests } from '../../services/manifests';
import { nativeModuleDependencies } from '../src/native-module-dependencies';
import { deriveNativeModulesLock, NATIVE_MODULES_LOCK, nativeModulesBundling, PROJECT_ROOT, type PackageLock } from '../src/native-modules';
import { StackTemplates } from './fixtures/templates';
import { createTestApp } from './fixtures/test-app';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('native modules: configuration', () => {
  it('the attendance functions that handle photos declare sharp, and only they (bundle-size.test.ts matches this against each bundle)', () => {
    const declared = Object.entries(attendanceManifest.functions).filter(([, fn]) => 'nativeModules' in fn && fn.nativeModules?.includes('sharp') === true);
    expect(declared.map(([name]) => name).sort()).toEqual(['checkIn', 'checkOut', 'decideFaceReview', 'enrollFace', 'startLiveness', 'verifyLiveness', 'withdrawFaceConsent']);
  });

  it('the native-modules lock is derived from the workspace lock: same sharp and libvips versions and integrity as the tests ran (npm run native-modules:lock -w infra)', () => {
    const workspace = readJson<PackageLock>(join(PROJECT_ROOT, 'package-lock.json'));
    expect(readJson<PackageLock>(NATIVE_MODULES_LOCK)).toEqual(deriveNativeModulesLock(workspace, nativeModuleDependencies(serviceManifests)));
    expect(readJson<PackageLock>(NATIVE_MODULES_LOCK).packages['node_modules/@img/sharp-linux-arm64']).toMatchObject({
      version: workspace.packages['node_modules/sharp']?.version,
      cpu: ['arm64'],
      os: ['linux'],
      libc: ['glibc'],
    });
  });

  it('npm installs for the function\'s architecture, whatever machine runs the synth', () => {
    expect(nativeModulesBundling(['sharp'], Architecture.ARM_64)).toMatchObject({
      nodeModules: ['sharp'],
      environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
    });
    expect(nativeModulesBundling([], Architecture.ARM_64)).toEqual({});
  });

  it('the attendance functions are arm64 Node.js 24 functions (template)', () => {
    // The attendance service's nested stack holds its functions and its subscriptions.
    const template = new StackTemplates(createTestApp(serviceManifests, { bundle: false }).stack).service('attendance');
    for (const description of ['刷脸签到', '采集学员人脸模板', '撤回人脸同意：删除人脸模板', '登记考勤一体机']) {
      template.hasResourceProperties('AWS::Lambda::Function', { Description: description, Architectures: ['arm64'], Runtime: 'nodejs24.x' });
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['peixun.enrollment'], 'detail-type': ['Trainee.FaceConsentWithdrawn'] }),
    });
  });
});

describe('native modules: a bundled attendance function (esbuild + npm ci for linux-arm64)', () => {
  let asset: string;

  beforeAll(() => {
    // The service's own resources, which checkIn's access list names; without the outbox, whose relay is left out.
    const { outbox: _outbox, ...table } = attendanceManifest.resources.table ?? {};
    const checkInOnly = defineService({
      name: 'attendance',
      functions: { checkIn: attendanceManifest.functions.checkIn },
      routes: [],
      subscriptions: [],
      resources: { ...attendanceManifest.resources, table },
    });
    const { app, stack } = createTestApp([checkInOnly], { bundle: true });
    const assembly = app.synth();
    const fn = Object.values(new StackTemplates(stack).service('attendance').findResources('AWS::Lambda::Function')).find(
      (resource) => (resource as { Properties: { Description?: string } }).Properties.Description === '刷脸签到',
    ) as { Properties: { Code: { S3Key: string } } };
    // The code's S3 key is the asset hash; the synthesized assembly keeps the asset as asset.<hash>.
    asset = join(assembly.directory, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  }, 300_000);

  it('the asset holds sharp with the linux-arm64 glibc binary and libvips, and no other platform\'s', () => {
    const binary = join(asset, 'node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64.node');
    expect(existsSync(binary)).toBe(true);
    expect(existsSync(join(asset, 'node_modules/@img/sharp-libvips-linux-arm64/package.json'))).toBe(true);
    expect(readdirSync(join(asset, 'node_modules/@img')).filter((name) => name.startsWith('sharp-')).sort()).toEqual(['sharp-libvips-linux-arm64', 'sharp-linux-arm64']);
    // ELF header: class 64-bit (byte 4 = 2), machine EM_AARCH64 (0xB7 at offset 18).
    const header = readFileSync(binary).subarray(0, 20);
    expect([header.subarray(1, 4).toString(), header[4], header[18]]).toEqual(['ELF', 2, 0xb7]);
  });

  it('the bundle imports sharp from the asset (on the first photo) instead of inlining its loader', () => {
    const bundle = readFileSync(join(asset, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/import\(\s*"sharp"\s*\)/);
    expect(bundle).not.toContain('Could not load the sharp module');
  });

  it('sharp\'s own package resolves from the asset (no reach into the repository\'s node_modules)', () => {
    const resolved = execFileSync(process.execPath, ['-e', "process.stdout.write(require.resolve('sharp'))"], { cwd: asset }).toString();
    expect(resolved.startsWith(asset)).toBe(true);
  });
});
