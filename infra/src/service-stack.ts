import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { ServiceManifest } from '@peixun/shared';
import type { Construct } from 'constructs';
import type { PeixunHttpApi } from './constructs/http-api';
import { Service } from './constructs/service';
import type { ServiceFunctions } from './constructs/service-functions';

export interface ServiceStackProps extends NestedStackProps {
  readonly manifest: ServiceManifest;
  readonly bus: IEventBus;
  readonly api: PeixunHttpApi;
}

/**
 * One service's resources in a nested stack of their own, so that no template comes near
 * CloudFormation's 500-resource limit as services are added. References point only from here to
 * the parent (bus, API, authorizer, access-log bucket: CDK passes them as parameters); the parent
 * reads back only the service bucket's ARN for the access-log bucket policy (an output).
 */
export class ServiceStack extends NestedStack {
  readonly service: Service;

  constructor(scope: Construct, id: string, { manifest, bus, api, ...props }: ServiceStackProps) {
    super(scope, id, { description: `peixun: the ${manifest.name} service`, ...props });
    // The construct id keeps the service name at the start of every logical id (`enrollmentTable…`).
    this.service = new Service(this, manifest.name, { manifest, bus, api });
  }

  get functions(): ServiceFunctions {
    return this.service.functions;
  }
}
