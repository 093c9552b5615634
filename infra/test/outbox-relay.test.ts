import { Match, type Template } from 'aws-cdk-lib/assertions';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { OUTBOX_STREAM_FILTER, RESOURCE_ENV } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { StackTemplates } from './fixtures/templates';
import { createTestApp } from './fixtures/test-app';

/** The transactional outbox in AWS: table stream → filtered event-source mapping → relay → bus, all in the enrollment service's nested stack. */
let template: Template;

beforeAll(() => {
  template = new StackTemplates(createTestApp([enrollmentManifest], { bundle: false }).stack).service('enrollment');
});

describe('outbox relay', () => {
  it('streams new images of a table that has an outbox', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('feeds only new outbox items to the relay, with partial-batch retries and a dead-letter queue', () => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
    const properties = Object.values(mappings).map((mapping) => mapping.Properties as Record<string, unknown>);
    expect(properties).toHaveLength(1);
    expect(properties[0]).toMatchObject({
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(OUTBOX_STREAM_FILTER) }] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/OutboxDeadLetters/), 'Arn'] } } },
    });
  });

  it('lets the relay put events on the bus', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('outbox relay'),
      Environment: { Variables: Match.objectLike({ [RESOURCE_ENV.eventBus]: Match.anyValue() }) },
    });
  });
});
