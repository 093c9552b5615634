import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations, type App } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAG_PACKS } from '../src/compliance';
import { probeManifest } from './fixtures/probe-manifest';
import { createTestApp } from './fixtures/test-app';

/**
 * cdk-nag v3 runs as CDK policy-validation plugins. They report unacknowledged findings to the
 * validation report in the cloud assembly (`validation-report.json`); acknowledged findings never
 * reach it, and a plugin with nothing to report is left out. A plugin that crashes appears with
 * conclusion "failure" and no violations.
 */
interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: 'success' | 'failure';
  readonly metadata?: Record<string, string>;
  readonly violations: ReadonlyArray<{
    readonly ruleName: string;
    readonly severity: string;
    readonly violatingConstructs: ReadonlyArray<{ readonly constructPath: string }>;
  }>;
}

function isPluginReport(value: unknown): value is PluginReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pluginName' in value &&
    typeof value.pluginName === 'string' &&
    'violations' in value &&
    Array.isArray(value.violations)
  );
}

function pluginReports(app: App): PluginReport[] {
  const report: unknown = JSON.parse(readFileSync(join(app.synth().directory, VALIDATION_REPORT_FILE), 'utf8'));
  const reports = typeof report === 'object' && report !== null && 'pluginReports' in report ? report.pluginReports : undefined;
  if (!Array.isArray(reports)) throw new Error(`${VALIDATION_REPORT_FILE} has no pluginReports`);
  return reports.filter(isPluginReport);
}

/** One line per finding of the nag packs, of any severity: `Pack: Rule (severity) at path`. */
function nagFindings(app: App): string[] {
  return pluginReports(app)
    .filter((report) => (NAG_PACKS as readonly string[]).includes(report.pluginName))
    .flatMap((report) => [
      ...(report.conclusion === 'failure' && report.violations.length === 0
        ? [`${report.pluginName}: crashed (${report.metadata?.error ?? 'no detail'})`]
        : []),
      ...report.violations.flatMap((violation) =>
        violation.violatingConstructs.map(
          ({ constructPath }) => `${report.pluginName}: ${violation.ruleName} (${violation.severity}) at ${constructPath}`,
        ),
      ),
    ]);
}

describe('cdk-nag', () => {
  let app: App;

  beforeAll(() => {
    app = createTestApp(undefined, { bundle: false }).app;
  });

  it('AwsSolutions and Serverless report no unacknowledged error or warning', () => {
    expect(nagFindings(app)).toEqual([]);
  });

  it('every acknowledgement gives a reason, not a placeholder', () => {
    const acknowledgements = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(reason.length, `reason for ${id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('would fail: both packs are attached and their findings are read from the report', () => {
    // Same factory, no services, one queue that breaks rules of both packs.
    const control = createTestApp([], { bundle: false });
    new Queue(control.stack, 'UnencryptedQueueWithoutDeadLetters', { enforceSSL: false });
    const findings = nagFindings(control.app);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions: AwsSolutions-SQS3 \(error\) at PeixunStack\/UnencryptedQueueWithoutDeadLetters\//),
        expect.stringMatching(/^AwsSolutions: AwsSolutions-SQS4 \(error\) at /),
        expect.stringMatching(/^Serverless: Serverless-SQSRedrivePolicy \(error\) at /),
      ]),
    );
  });

  it('would fail inside a service\'s nested stack too: the packs walk nested stacks, not only the parent', () => {
    // Services live in nested stacks, whose templates are separate files: a pack that only read the
    // parent's template would miss every service resource.
    const control = createTestApp([probeManifest], { bundle: false });
    const probeStack = control.stack.services.get('probe');
    if (probeStack === undefined) throw new Error('no probe service stack');
    new Queue(probeStack, 'UnencryptedQueueWithoutDeadLetters', { enforceSSL: false });
    const findings = nagFindings(control.app);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions: AwsSolutions-SQS3 \(error\) at PeixunStack\/probe\/UnencryptedQueueWithoutDeadLetters\//),
        expect.stringMatching(/^AwsSolutions: AwsSolutions-SQS4 \(error\) at PeixunStack\/probe\/UnencryptedQueueWithoutDeadLetters\//),
        expect.stringMatching(/^Serverless: Serverless-SQSRedrivePolicy \(error\) at PeixunStack\/probe\/UnencryptedQueueWithoutDeadLetters\//),
      ]),
    );
    // The probe service itself stays clean: the findings are the planted queue's only.
    expect(findings.filter((finding) => !finding.includes('/UnencryptedQueueWithoutDeadLetters/'))).toEqual([]);
  });
});
