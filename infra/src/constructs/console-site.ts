import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type IDistribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../../../web/security-headers';
import { nagArnOf } from '../compliance';
import { LOG_RETENTION } from '../defaults';
import { AccessLogBucket } from './access-log-bucket';

/** What the console reads from `/console-config.json` (web/src/auth/config.ts validates it). */
export interface ConsoleConfigFile {
  readonly apiBase: string;
  readonly auth: {
    readonly kind: 'cognito';
    readonly domain: string;
    readonly clientId: string;
    readonly scopes: readonly string[];
    /** The trainee pool's managed login and client, and the API that accepts its tokens. */
    readonly trainee?: { readonly domain: string; readonly clientId: string; readonly apiBase: string };
  };
}

export interface ConsoleSiteProps {
  /** The built console (`npm run build:web` writes `web/dist`). */
  readonly assetPath: string;
}

/**
 * The web console: a private bucket that only this CloudFront distribution may read (origin access
 * control), served over HTTPS with security headers. The single-page app answers every unknown
 * path with `index.html`, so a deep link (`/finance/batches/…`) opens the right page.
 */
export class ConsoleSite extends Construct {
  readonly distribution: IDistribution;
  /** `https://<distribution>`: the console's origin, for CORS, Cognito callbacks and the CSP. */
  readonly origin: string;
  private readonly bucket: Bucket;
  private readonly assetPath: string;

  constructor(scope: Construct, id: string, { assetPath }: ConsoleSiteProps) {
    super(scope, id);
    if (!existsSync(`${assetPath}/index.html`)) {
      throw new Error(`the console is not built (${assetPath}/index.html is missing): run \`npm run build:web\` before synthesizing`);
    }
    this.assetPath = assetPath;
    const accessLogs = AccessLogBucket.of(this);
    const accessLogDestination = accessLogs.destinationFor(this);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // Old builds are kept a while so a bad release can be rolled back by copying them back.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: accessLogDestination,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    accessLogs.allowDeliveryFrom(this.bucket, 'console/');

    // CloudFront standard logs are delivered with an ACL, so they need a bucket of their own.
    const distributionLogs = new Bucket(this, 'DistributionLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION) }],
      serverAccessLogsBucket: accessLogDestination,
      serverAccessLogsPrefix: 'console-distribution-logs/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    accessLogs.allowDeliveryFrom(distributionLogs, 'console-distribution-logs/');

    const distribution = new Distribution(this, 'Distribution', {
      comment: '职业技能培训补贴平台 web console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Mainland China is served from Asia edges; the cheapest class that includes them.
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.securityHeaders(),
      },
      // The bucket answers 403 for a key it does not have (OAC cannot list): an app route.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
      enableLogging: true,
      logBucket: distributionLogs,
      logFilePrefix: 'cloudfront/',
    });
    this.distribution = distribution;
    this.origin = `https://${distribution.distributionDomainName}`;

    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Trainees claim for certificates obtained outside the province (Art. 22) and may be away when they check their claims; access is governed by sign-in, not by geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: "A CloudFront web ACL must live in us-east-1, outside this stack's region; the province attaches its own WAF to the distribution at deployment.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Served on the default *.cloudfront.net certificate until the province names its domain and ACM certificate; CloudFront then enforces the TLS policy set with that certificate.',
      },
    );
  }

  /** The console's CSP and hardening headers (shared with the local gateway), plus HSTS. */
  private securityHeaders(): ResponseHeadersPolicy {
    const { region, urlSuffix } = Stack.of(this);
    const objectStore = [`https://*.s3.${region}.${urlSuffix}`, `https://s3.${region}.${urlSuffix}`];
    const apiAndLogin = [`https://*.execute-api.${region}.${urlSuffix}`, `https://*.auth.${region}.amazoncognito.com`];
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'peixun console: CSP, HSTS, no framing, camera for check-in only from this origin',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(objectStore, apiAndLogin), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: SECURITY_HEADERS['permissions-policy'], override: true }],
      },
    });
  }

  /** Uploads the build and the deployment's `/console-config.json`, and clears CloudFront's cache. */
  publish(config: ConsoleConfigFile): void {
    new BucketDeployment(this, 'Publish', {
      sources: [Source.asset(this.assetPath), Source.jsonData('console-config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler();
  }

  /**
   * CDK's BucketDeployment runs one provider function per stack (a singleton at the stack's root,
   * outside this construct) whose role, runtime and policies CDK owns; it runs only during a deploy.
   */
  private acknowledgeDeploymentHandler(): void {
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler === undefined) throw new Error('BucketDeployment created no provider function: CDK changed how it deploys');
    const during = 'CDK\'s BucketDeployment provider, run by CloudFormation only while deploying the console';
    const actions = ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'];
    Validations.of(handler).acknowledge(
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: `${during}: CDK attaches the basic execution role for its logs.` },
      ...actions.map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: `${during}: CDK's read grant on the asset and read/write grant on the console bucket.` })),
      { id: `AwsSolutions-IAM5[Resource::${nagArnOf(this.bucket)}/*]`, reason: `${during}: it replaces every object of the console bucket (and only that bucket).` },
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: `${during}: it reads the build from CDK's bootstrap asset bucket.` },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: `${during}: cloudfront:CreateInvalidation and GetInvalidation support no resource-level permissions.` },
      { id: 'AwsSolutions-L1', reason: `${during}: CDK pins the provider's runtime (Python with the AWS CLI layer).` },
      { id: 'Serverless-LambdaLatestVersion', reason: `${during}: CDK pins the provider's runtime (Python with the AWS CLI layer).` },
      { id: 'Serverless-LambdaDLQ', reason: `${during}: CloudFormation invokes it synchronously and fails the deploy on error; there is no asynchronous event to keep.` },
      { id: 'Serverless-LambdaTracing', reason: `${during}: a deploy-time copy, not part of any request path to trace.` },
    );
  }
}
