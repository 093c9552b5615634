import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { OAuthScope, type UserPool, type UserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { requireConsoleBuild } from '../../../web/console-build';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, SECURITY_HEADERS } from '../../../web/security-headers';
import { LOG_RETENTION } from '../defaults';
import { nagArnOf } from '../compliance';
import { AccessLogBucket } from './access-log-bucket';

/**
 * The web console: Vite's build in a private bucket that only this distribution reads (origin
 * access control), HTTPS only, with the same CSP as the local gateway plus HSTS. The console's
 * routes live in the browser, so a viewer-request function answers every path that is not a file
 * with `index.html`. The API stays on its own origin: the console calls it cross-origin and the
 * API's CORS allows exactly this distribution (`corsOrigin`). Sign-in is Cognito's managed login
 * with the authorization code grant and PKCE (`ConsoleLogin`).
 */
export class WebConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`, for the API's CORS and the login client's callback. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: { cognitoDomainPrefix: string }) {
    super(scope, id);
    const { region } = Stack.of(this);
    const accessLogs = AccessLogBucket.of(this);

    this.bucket = new Bucket(this, 'Files', {
      // SSE-S3: CloudFront's origin access control reads it without a KMS key policy; nothing here is confidential.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs.destinationFor(this),
      serverAccessLogsPrefix: 'web-console/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    accessLogs.allowDeliveryFrom(this.bucket, 'web-console/');

    // CloudFront standard logs are written with an ACL, which the shared access-log bucket disables.
    const distributionLogs = new Bucket(this, 'DistributionLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: accessLogs.destinationFor(new Construct(this, 'LogsOfLogs')),
      serverAccessLogsPrefix: 'web-console-cloudfront-logs/',
      lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    accessLogs.allowDeliveryFrom(distributionLogs, 'web-console-cloudfront-logs/');

    const s3Origins = [`https://*.s3.${region}.amazonaws.com`, `https://s3.${region}.amazonaws.com`];
    const cognitoOrigin = `https://${props.cognitoDomainPrefix}.auth.${region}.amazoncognito.com`;
    const apiOrigins = `https://*.execute-api.${region}.amazonaws.com`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'peixun web console: CSP, HSTS and the usual hardening headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API and Cognito are named by wildcard/prefix, not by reference: the API's CORS names
          // this distribution, and a reference back would be a dependency cycle.
          contentSecurityPolicy: contentSecurityPolicy([...s3Origins, apiOrigins, cognitoOrigin]),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: SECURITY_HEADERS['permissions-policy'], override: true }],
      },
    });

    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      comment: 'Console routes (no file extension) are answered with index.html',
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) { r.uri = '/index.html'; } return r; }",
      ),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'peixun web console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: distributionLogs,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The console serves trainees wherever they are (migrant workers, trainees placed in other provinces); access is controlled by sign-in, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'A WAF web ACL for CloudFront must live in us-east-1, outside this regional stack; the distribution serves static files only and the API behind it has its own throttling. Attach an ACL by ARN when the province provides one.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Without a custom domain CloudFront serves its default certificate, which cannot enforce a minimum TLS version; TLS_V1_2_2021 is set and takes effect with the province’s domain and certificate.',
      },
    );
  }

  /** Cognito's managed login for the console: a public client with the code grant and PKCE, on a Cognito domain. */
  addLogin(userPool: UserPool, cognitoDomainPrefix: string): { client: UserPoolClient; domain: UserPoolDomain } {
    const domain = userPool.addDomain('ConsoleLoginDomain', { cognitoDomain: { domainPrefix: cognitoDomainPrefix } });
    const client = userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [`${this.origin}/login/callback`],
        logoutUrls: [`${this.origin}/login`],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    return { client, domain };
  }

  /**
   * CDK's BucketDeployment runs one shared function (a singleton at the stack's root) that copies the
   * asset into the bucket during deployment; its role, runtime and settings are CDK's, not ours.
   */
  private acknowledgeDeploymentFunction(deployment: BucketDeployment): void {
    const singleton = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (singleton === undefined) throw new Error(`${deployment.node.path}: BucketDeployment's function was not found`);
    const role = 'CDK’s BucketDeployment function, run by CloudFormation only while deploying';
    const copy = `${role}, copies the built console from the CDK asset bucket into the console bucket and invalidates the distribution`;
    Validations.of(singleton).acknowledge(
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: `${role}: writes its own logs with the basic execution policy CDK attaches.` },
      ...['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*'].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `${copy}: CDK's grantRead/grantReadWrite action groups, limited to the two buckets.`,
      })),
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', reason: `${copy}: reads the asset objects of this deployment.` },
      { id: `AwsSolutions-IAM5[Resource::${nagArnOf(this.bucket)}/*]`, reason: `${copy}: replaces every object of the console bucket (and only of it).` },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: `${copy}: CDK grants cloudfront:CreateInvalidation and GetInvalidation on every distribution and offers no option to name this one.` },
      { id: 'AwsSolutions-L1', reason: `${role}: its runtime is pinned by aws-cdk-lib and moves with CDK upgrades.` },
      { id: 'Serverless-LambdaLatestVersion', reason: `${role}: its runtime is pinned by aws-cdk-lib and moves with CDK upgrades.` },
      { id: 'Serverless-LambdaDLQ', reason: `${role}: invoked synchronously by CloudFormation, which reports a failure as a failed deployment; there is no event to keep.` },
      { id: 'Serverless-LambdaTracing', reason: `${role}: a deployment-time copy with no request path to trace.` },
    );
  }

  /** Uploads the built console and its `console-config.json` (API URL, login domain and client), then invalidates the cache. */
  deploy(config: { apiUrl: string; cognitoDomainUrl: string; clientId: string }): BucketDeployment {
    const consoleDir = requireConsoleBuild();
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(consoleDir, { exclude: ['.built-from', '.vite'] }),
        Source.jsonData('console-config.json', {
          apiBase: config.apiUrl.replace(/\/$/, ''),
          auth: { kind: 'cognito', domain: config.cognitoDomainUrl, clientId: config.clientId, scopes: ['openid', 'profile'] },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentFunction(deployment);
    return deployment;
  }
}
