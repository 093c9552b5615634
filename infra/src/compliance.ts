import { CfnResource, Stack, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The cdk-nag packs every synth is checked against; their names are the plugin names in the validation report. */
export const NAG_PACKS = ['AwsSolutions', 'Serverless'] as const;

/**
 * Registers the packs as CDK policy-validation plugins: a finding that is neither fixed nor
 * acknowledged with a reason fails `cdk synth` and lands in the cloud assembly's
 * `validation-report.json`.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
}

/**
 * How cdk-nag spells a resource's ARN inside a wildcard finding id (`<LogicalId.Arn>`), so an
 * acknowledgement can name exactly the finding it accepts (`AwsSolutions-IAM5[Resource::<…>/index/*]`)
 * instead of silencing the rule for the whole role.
 */
export function nagArnOf(resource: IConstruct): string {
  const cfn = resource.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) {
    throw new Error(`${resource.node.path} has no CloudFormation resource to reference`);
  }
  return `<${Stack.of(cfn).resolve(cfn.logicalId)}.Arn>`;
}
