import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { FUNCTION_DEFAULTS, type FunctionSpec } from '@peixun/shared';
import { Construct } from 'constructs';
import { ASYNC_INVOKE, LOG_RETENTION } from '../defaults';
import { ARCHITECTURE, bundlingOf, nodeOptionsOf, RUNTIME } from '../bundling';
import { NATIVE_MODULES_LOCK, PROJECT_ROOT } from '../native-modules';

/** NODE_OPTIONS only for a function with Node flags of its own. */
const nodeOptionsEnvironment = (spec: FunctionSpec): Record<string, string> => {
  const options = nodeOptionsOf(spec);
  return options === undefined ? {} : { NODE_OPTIONS: options };
};

export interface ServiceFunctionProps {
  readonly spec: FunctionSpec;
  /** Variables every function of the service gets; resource variables are added by the `bind…` helpers. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Set for functions EventBridge invokes (asynchronously): where an event goes once the handler
   * has failed it on every retry. Unset for functions only API Gateway invokes (synchronously).
   */
  readonly asyncFailureQueue?: IQueue;
  /** Set for the outbox relay: a DynamoDB stream invokes it, and its event-source mapping parks failures. */
  readonly streamConsumer?: boolean;
}

/** A manifest function as a Lambda function, with its own log group and role. */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  /** The function's role; grants land in its default policy, acknowledgements of those grants on it. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { spec } = props;

    const logGroup = new LogGroup(this, 'Logs', { retention: LOG_RETENTION });

    // A role of its own instead of AWSLambdaBasicExecutionRole, which may create and write any log
    // group in the account: this one may only write to the function's own group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${this.node.path}`,
    });
    logGroup.grantWrite(this.role);

    const nativeModules = spec.nativeModules ?? [];
    this.function = new NodejsFunction(this, 'Function', {
      entry: spec.entry,
      // Functions with native modules install them with `npm ci` from their own lock file.
      ...(nativeModules.length === 0 ? {} : { projectRoot: PROJECT_ROOT, depsLockFilePath: NATIVE_MODULES_LOCK }),
      handler: 'handler',
      description: spec.description,
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      memorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup,
      role: this.role,
      environment: { ...props.environment, ...nodeOptionsEnvironment(spec) },
      bundling: bundlingOf(spec),
    });

    if (props.streamConsumer === true) {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked by a DynamoDB stream event-source mapping (the outbox relay): records that fail every retry go to the mapping\'s SQS on-failure destination behind an alarm; a function DeadLetterConfig applies only to asynchronous invocations.',
      });
    } else if (props.asyncFailureQueue === undefined) {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked only synchronously by API Gateway: a failure is returned to the caller as an error response, so there is no asynchronous event that a dead-letter queue could keep.',
      });
    } else {
      // The on-failure destination receives the event together with the error and the retry count,
      // which a DeadLetterConfig does not; one of the two is enough.
      this.function.configureAsyncInvoke({ onFailure: new SqsDestination(props.asyncFailureQueue), ...ASYNC_INVOKE });
      this.acknowledgeKeyGrant();
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Asynchronous failures go to an SQS on-failure destination (EventInvokeConfig), which records the error with the event; a DeadLetterConfig on top would capture the same events twice.',
      });
    }

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; no other statement of this role uses Resource "*".',
    });
  }

  /** For grants on a resource encrypted with the service key, which bring CDK's KMS grant along. */
  acknowledgeKeyGrant(): void {
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          "CDK's encrypt/decrypt grant on the service's own customer-managed key (the only resource of that statement); the wildcards cover the GenerateDataKeyWithoutPlaintext and ReEncryptFrom/To variants that DynamoDB, S3 and SQS call on the function's behalf.",
      });
    }
  }
}
