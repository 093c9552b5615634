import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { FACE_ENGINE_ENV, LIVENESS_ENGINE_ENV, LIVENESS_REQUIRED_ENV, RESOURCE_ENV } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIVENESS_REQUIRED_CONTEXT } from '../src/bindings';
import { StackTemplates } from './fixtures/templates';
import { createTestApp, testManifests } from './fixtures/test-app';

/**
 * `resources.faceCollection`: the attendance service's Rekognition collection, its grants and its
 * variables, in the attendance service's nested stack.
 */
let templates: StackTemplates;
let template: Template;
let assemblyDirectory: string;

beforeAll(() => {
  const { app, stack } = createTestApp(testManifests, { bundle: false });
  templates = new StackTemplates(stack);
  template = templates.service('attendance');
  assemblyDirectory = app.synth().directory;
});

const collectionArn = () => ({ 'Fn::GetAtt': [Match.stringLikeRegexp('^attendanceFacesCollection'), 'Arn'] });

describe('face collection (Rekognition, cloud face engine)', () => {
  it('one collection per deployment, retained with the stack like the other biometric data', () => {
    const collections = templates.all.flatMap((each) => Object.values(each.findResources('AWS::Rekognition::Collection')));
    expect(collections).toHaveLength(1);
    template.resourceCountIs('AWS::Rekognition::Collection', 1);
    // Named after the deployed stack, not the nested stack (whose name is generated at deploy time).
    expect(collections[0]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { CollectionId: 'PeixunStack-attendance-faces' },
    });
  });

  it('face functions run the Rekognition engine: FACE_ENGINE overrides the embedded default, FACE_COLLECTION_ID names the collection', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: '刷脸签到',
      Environment: {
        Variables: Match.objectLike({
          [FACE_ENGINE_ENV]: 'rekognition',
          [RESOURCE_ENV.faceCollectionId]: Match.stringLikeRegexp('-attendance-faces$'),
        }),
      },
    });
  });

  it('index, search, list and delete are granted on the collection only; detect and compare (no resource-level permissions) on "*"', () => {
    const statement = (matcher: Record<string, unknown>) =>
      template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(matcher)]) } });
    statement({ Action: ['rekognition:DeleteFaces', 'rekognition:IndexFaces', 'rekognition:ListFaces', 'rekognition:SearchFacesByImage'], Effect: 'Allow', Resource: collectionArn() });
    // CDK merges the "*" statements of a role (X-Ray's too) and sorts their actions.
    statement({ Action: Match.arrayWith(['rekognition:CompareFaces', 'rekognition:DetectFaces']), Effect: 'Allow', Resource: '*' });
  });

  it('liveness (Art. 27, issue 15): face checks require a passed result only when the deployment switches it on (the console cannot answer Rekognition Face Liveness)', () => {
    const checksOf = (attendance: Template) => {
      const functions = Object.values(attendance.findResources('AWS::Lambda::Function'));
      return ['刷脸签到', '刷脸签退'].map((description) => functions.find((resource) => resource.Properties?.Description === description)?.Properties.Environment.Variables[LIVENESS_REQUIRED_ENV]);
    };
    expect(checksOf(template)).toEqual(['false', 'false']);
    const required = createTestApp(testManifests, { bundle: false, context: { [LIVENESS_REQUIRED_CONTEXT]: 'true' } });
    expect(checksOf(new StackTemplates(required.stack).service('attendance'))).toEqual(['true', 'true']);
  });

  it('liveness (Art. 27, issue 15): the liveness functions run Rekognition Face Liveness with only its two actions', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const byDescription = (description: string) => Object.entries(functions).find(([, resource]) => resource.Properties?.Description === description);
    for (const description of ['开始活体检测', '判定活体检测']) {
      const found = byDescription(description);
      expect(found, description).toBeDefined();
      expect(found?.[1].Properties.Environment.Variables[LIVENESS_ENGINE_ENV], description).toBe('rekognition');
    }
    // Only the two liveness functions' roles may create or read Face Liveness sessions.
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const withLiveness = policies.filter((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes('rekognition:CreateFaceLivenessSession'));
    expect(withLiveness).toHaveLength(2);
    for (const policy of withLiveness) {
      const text = JSON.stringify(policy.Properties.PolicyDocument);
      expect(text).toContain('rekognition:GetFaceLivenessSessionResults');
      expect(text).not.toContain('rekognition:SearchFacesByImage');
    }
  });

  it('cdk-nag (AwsSolutions, Serverless) reports nothing unacknowledged for the attendance service', () => {
    const report: unknown = JSON.parse(readFileSync(join(assemblyDirectory, VALIDATION_REPORT_FILE), 'utf8'));
    const text = JSON.stringify(report);
    const attendanceFindings = [...text.matchAll(/"constructPath":\s*"([^"]*\/attendance\/[^"]*)"/g)].map((found) => found[1]);
    expect(attendanceFindings).toEqual([]);
  });

  it('raw photos expire: the bucket deletes objects under raw/ after the configured retention (default 30 days)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'raw/', ExpirationInDays: 30, Status: 'Enabled' })]) },
    });
  });
});
