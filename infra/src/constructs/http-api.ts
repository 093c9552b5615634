import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { TRAINEE_ISSUER_ENV, type RouteContract } from '@peixun/shared';
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

/** A user pool and the app client whose ID tokens an API accepts. */
export interface ApiLogin {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
}

export interface PeixunHttpApiProps {
  /** Staff (MFA required): every route. */
  readonly staff: ApiLogin;
  /** Trainees (MFA optional): only the routes a trainee may call. */
  readonly trainees: ApiLogin;
  /** The web console's origin: the only one whose pages may call the API from a browser. */
  readonly consoleOrigin: string;
}

interface ApiWithStage {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpUserPoolAuthorizer;
}

/**
 * The HTTP API (payload v2) in front of every service, twice: an API Gateway JWT authorizer accepts
 * one issuer, and staff and trainees sign in to two user pools (MFA is set per pool). The staff API
 * carries every route behind the staff pool's authorizer; the trainee API carries only the routes
 * whose contract grants `trainee` access, behind the trainee pool's authorizer, with the same
 * functions. Every route requires a valid JWT; the route contract's access is checked by the
 * handler, which knows the resource.
 */
export class PeixunHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly traineeApi: HttpApi;
  readonly traineeStage: HttpStage;
  private readonly authorizer: HttpUserPoolAuthorizer;
  private readonly traineeAuthorizer: HttpUserPoolAuthorizer;
  /** The trainee pool's issuer URL, which functions behind the trainee API compare tokens with. */
  private readonly traineeIssuer: string;

  constructor(scope: Construct, id: string, { staff, trainees, consoleOrigin }: PeixunHttpApiProps) {
    super(scope, id);
    const main = this.httpApi('', 'peixun', '职业技能培训补贴 API', staff, consoleOrigin);
    this.api = main.api;
    this.stage = main.stage;
    this.authorizer = main.authorizer;
    const trainee = this.httpApi('Trainee', 'peixun-trainee', '职业技能培训补贴 API（学员）', trainees, consoleOrigin);
    this.traineeApi = trainee.api;
    this.traineeStage = trainee.stage;
    this.traineeAuthorizer = trainee.authorizer;
    this.traineeIssuer = `https://${trainees.userPool.userPoolProviderName}`;
  }

  private httpApi(prefix: string, apiName: string, description: string, login: ApiLogin, consoleOrigin: string): ApiWithStage {
    const authorizer = new HttpUserPoolAuthorizer(`${prefix}CognitoAuthorizer`, login.userPool, { userPoolClients: [login.client] });
    const api = new HttpApi(this, `${prefix}Api`, {
      apiName,
      description,
      defaultAuthorizer: authorizer,
      // Preflights are answered by API Gateway itself, before the authorizer.
      corsPreflight: {
        allowOrigins: [consoleOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        exposeHeaders: ['location'],
        maxAge: Duration.hours(1),
      },
      // The default stage cannot be given access logs or throttling, so it is declared below.
      createDefaultStage: false,
    });
    const stage = new HttpStage(this, `${prefix}DefaultStage`, {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, `${prefix}AccessLogs`, { retention: LOG_RETENTION })),
        format: ACCESS_LOG_FORMAT,
      },
    });
    return { api, stage, authorizer };
  }

  /**
   * Routes the contract's method and path to the function, behind the API's JWT authorizer, and — when
   * the contract lets trainees call it — on the trainee API too, behind the trainee pool's. The
   * route, its integration and the invoke permission are created in `scope`: the service's nested
   * stack, next to the function, so that the references point from the service to the API only.
   */
  addRoute(scope: Construct, contract: RouteContract, handler: LambdaFunction): HttpRoute {
    const method = HttpMethod[contract.method];
    const route = new HttpRoute(scope, `${method}${contract.path}`, {
      httpApi: this.api,
      routeKey: HttpRouteKey.with(contract.path, method),
      integration: new HttpLambdaIntegration(contract.operationId, handler),
      // The API's default authorizer (created in the API's stack on first use); stated so a route never goes out without one
      // unless its contract declares it public (the disclosure list anyone may read and object to).
      authorizer: contract.public === true ? new HttpNoneAuthorizer() : this.authorizer,
    });
    if (contract.access.trainee !== undefined && contract.public !== true) {
      new HttpRoute(scope, `Trainee${method}${contract.path}`, {
        httpApi: this.traineeApi,
        routeKey: HttpRouteKey.with(contract.path, method),
        integration: new HttpLambdaIntegration(`Trainee${contract.operationId}`, handler),
        authorizer: this.traineeAuthorizer,
      });
      // Defence in depth: a trainee pool token acts as a trainee only, whatever groups it carries.
      handler.addEnvironment(TRAINEE_ISSUER_ENV, this.traineeIssuer);
    }
    if (contract.public === true) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public by design: the subsidy disclosure list (公示) must be readable and open to objections without an account (Art. 29, 32). It shows masked personal data only; objections are rate-limited per source by the handler and by the stage throttling.',
      });
    }
    return route;
  }
}
