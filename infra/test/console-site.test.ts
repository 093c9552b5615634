import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { StackTemplates } from './fixtures/templates';
import { createTestApp } from './fixtures/test-app';

/** The console's hosting in the parent stack: CloudFront with origin access control, Cognito's managed login, tight CORS. */
let platform: Template;

beforeAll(() => {
  platform = new StackTemplates(createTestApp(undefined, { bundle: false }).stack).platform;
}, 180_000);

type Json = Record<string, unknown>;
const only = (type: string): [string, Json] => {
  const found = Object.entries(platform.findResources(type)) as Array<[string, { Properties: Json }]>;
  expect(found).toHaveLength(1);
  const [[id, resource]] = found as [[string, { Properties: Json }]];
  return [id, resource.Properties];
};
const distributionDomain = (): Json => ({ 'Fn::GetAtt': [only('AWS::CloudFront::Distribution')[0], 'DomainName'] });

describe('web console hosting', () => {
  it('the bucket is private and only the distribution may read it, through origin access control', () => {
    const [distributionId, distribution] = only('AWS::CloudFront::Distribution');
    const config = distribution['DistributionConfig'] as { Origins: Array<{ DomainName: Json; OriginAccessControlId?: unknown }> };
    const bucketId = (config.Origins[0]?.DomainName['Fn::GetAtt'] as string[])[0] ?? '';
    expect(config.Origins[0]?.OriginAccessControlId).toBeDefined();
    platform.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    platform.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: distributionId }])]) }) } },
          }),
        ]),
      },
    });
  });

  it('serves HTTPS only, logs every request and answers unknown paths with the app (deep links)', () => {
    platform.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('sends a CSP without inline scripts or framing, two years of HSTS and a camera allowed for this origin only', () => {
    const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const config = policy['ResponseHeadersPolicyConfig'] as Json;
    const csp = JSON.stringify(config['SecurityHeadersConfig']);
    for (const directive of ["script-src 'self';", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"]) expect(csp).toContain(directive);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(config['SecurityHeadersConfig']).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ContentTypeOptions: { Override: true },
    });
    expect(JSON.stringify(config['CustomHeadersConfig'])).toContain('camera=(self)');
  });

  it("Cognito's managed login (staff and trainees, a domain each) returns to the console only, by the code grant", () => {
    expect(Object.keys(platform.findResources('AWS::Cognito::UserPoolDomain'))).toHaveLength(2);
    const clients = platform.findResources('AWS::Cognito::UserPoolClient');
    expect(Object.keys(clients)).toHaveLength(2);
    for (const client of Object.values(clients) as Array<{ Properties: Json }>) {
      expect(client.Properties).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'profile'], GenerateSecret: false });
    }
    platform.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'profile'],
      GenerateSecret: false,
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', distributionDomain(), '/login/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', distributionDomain(), '/login']] }],
    });
  });

  it('both APIs (staff, trainees) accept browser calls from the console origin and no other', () => {
    const apis = Object.values(platform.findResources('AWS::ApiGatewayV2::Api')) as Array<{ Properties: Json }>;
    expect(apis).toHaveLength(2);
    for (const api of apis) {
      expect(api.Properties['CorsConfiguration']).toMatchObject({
        AllowOrigins: [{ 'Fn::Join': ['', ['https://', distributionDomain()]] }],
        AllowHeaders: expect.arrayContaining(['authorization', 'idempotency-key']),
      });
    }
  });

  it("publishes the build with a console-config.json naming this deployment's APIs, login domains and clients (staff and trainees)", () => {
    const [, deployment] = only('Custom::CDKBucketDeployment');
    expect(deployment['SourceObjectKeys']).toHaveLength(2);
    const markers = JSON.stringify(deployment['SourceMarkers']);
    const ids = ['AWS::ApiGatewayV2::Api', 'AWS::Cognito::UserPoolDomain', 'AWS::Cognito::UserPoolClient'].flatMap((type) => Object.keys(platform.findResources(type)));
    expect(ids).toHaveLength(6);
    for (const id of ids) expect(markers).toContain(id);
    expect(deployment['DistributionPaths']).toEqual(['/*']);
  });
});
