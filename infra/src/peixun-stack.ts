import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { IAM_MINIMIZE_POLICIES } from 'aws-cdk-lib/cx-api';
import { routeKey, type ServiceManifest } from '@peixun/shared';
import type { Construct } from 'constructs';
import { ConsoleSite } from './constructs/console-site';
import { PeixunEventBus } from './constructs/event-bus';
import { PeixunHttpApi } from './constructs/http-api';
import { CONSOLE_SCOPES, UserDirectory } from './constructs/user-directory';
import { ServiceStack } from './service-stack';

export interface PeixunStackProps extends StackProps {
  /** Every deployed service; the stack is derived from these and nothing else. */
  readonly serviceManifests: readonly ServiceManifest[];
  /** The built web console (`web/dist`). */
  readonly consoleAssetPath: string;
}

/** Two manifests claiming the same service name or route would silently overwrite each other. */
function assertDistinct(manifests: readonly ServiceManifest[]): void {
  const seen = new Map<string, string>();
  const claim = (key: string, owner: string): void => {
    const previous = seen.get(key);
    if (previous !== undefined) throw new Error(`${key} is declared by both ${previous} and ${owner}`);
    seen.set(key, owner);
  };
  for (const manifest of manifests) {
    claim(`service ${manifest.name}`, manifest.name);
    for (const route of manifest.routes) claim(`route ${routeKey(route.contract)}`, manifest.name);
  }
}

/**
 * The whole system in one deployment: this stack holds the platform the services share (user pool,
 * HTTP API and authorizer, event bus and archive, access-log bucket), and each service lives in a
 * nested stack of its own (`ServiceStack`), which keeps every template far below CloudFormation's
 * 500-resource limit however many services are added.
 */
export class PeixunStack extends Stack {
  readonly services: ReadonlyMap<string, ServiceStack>;

  constructor(scope: Construct, id: string, props: PeixunStackProps) {
    super(scope, id, props);
    // Merged grant statements keep every role far below the IAM policy size limit. Set on the stack,
    // not only in cdk.json, so that tests synthesize the same policies as `cdk synth`.
    this.node.setContext(IAM_MINIMIZE_POLICIES, true);
    assertDistinct(props.serviceManifests);

    const events = new PeixunEventBus(this, 'Events');
    const site = new ConsoleSite(this, 'Console', { assetPath: props.consoleAssetPath });
    const users = new UserDirectory(this, 'Users', { consoleOrigin: site.origin });
    const api = new PeixunHttpApi(this, 'Http', {
      staff: { userPool: users.userPool, client: users.client },
      trainees: { userPool: users.trainees.userPool, client: users.trainees.client },
      consoleOrigin: site.origin,
    });
    site.publish({
      apiBase: api.api.apiEndpoint,
      auth: {
        kind: 'cognito',
        domain: users.domain.baseUrl(),
        clientId: users.client.userPoolClientId,
        scopes: [...CONSOLE_SCOPES],
        // Trainees sign in to their own pool (MFA optional) and call the trainee API with its tokens.
        trainee: { domain: users.trainees.domain.baseUrl(), clientId: users.trainees.client.userPoolClientId, apiBase: api.traineeApi.apiEndpoint },
      },
    });

    const services = new Map<string, ServiceStack>();
    for (const manifest of props.serviceManifests) {
      services.set(manifest.name, new ServiceStack(this, manifest.name, { manifest, bus: events.bus, api }));
    }
    this.services = services;

    new CfnOutput(this, 'ConsoleUrl', { value: site.origin });
    new CfnOutput(this, 'ApiUrl', { value: api.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'TraineeApiUrl', { value: api.traineeStage.url });
    new CfnOutput(this, 'TraineeUserPoolId', { value: users.trainees.userPool.userPoolId });
    new CfnOutput(this, 'TraineeUserPoolClientId', { value: users.trainees.client.userPoolClientId });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
  }
}
