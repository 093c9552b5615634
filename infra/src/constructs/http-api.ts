import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RouteContract } from '@peixun/shared';
import { Construct } from 'constructs';
import { API_THROTTLE, LOG_RETENTION } from '../defaults';

/**
 * One JSON line per request. Who (`sub`) and what (`routeKey`) without any request data: bodies and
 * query strings may hold ID numbers and must not reach the logs.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    responseLength: '$context.responseLength',
    sub: '$context.authorizer.claims.sub',
    authorizerError: '$context.authorizer.error',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export interface PeixunHttpApiProps {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
}

/**
 * The HTTP API (payload v2) in front of every service. Every route requires a valid JWT from the
 * user pool; the route contract's `roles` are checked by the handler, which knows the resource.
 */
export class PeixunHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, { userPool, client }: PeixunHttpApiProps) {
    super(scope, id);

    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', userPool, { userPoolClients: [client] });
    this.api = new HttpApi(this, 'Api', {
      apiName: 'peixun',
      description: '职业技能培训补贴 API',
      defaultAuthorizer: this.authorizer,
      // The default stage cannot be given access logs or throttling, so it is declared below.
      createDefaultStage: false,
    });

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION })),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /**
   * Routes the contract's method and path to the function, behind the API's JWT authorizer. The
   * route, its integration and the invoke permission are created in `scope`: the service's nested
   * stack, next to the function, so that the references point from the service to the API only.
   */
  addRoute(scope: Construct, contract: RouteContract, handler: IFunction): HttpRoute {
    const method = HttpMethod[contract.method];
    return new HttpRoute(scope, `${method}${contract.path}`, {
      httpApi: this.api,
      routeKey: HttpRouteKey.with(contract.path, method),
      integration: new HttpLambdaIntegration(contract.operationId, handler),
      // The API's default authorizer (created in the API's stack on first use); stated so a route never goes out without one.
      authorizer: this.authorizer,
    });
  }
}
