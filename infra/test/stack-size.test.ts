import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ServiceManifest } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { serviceManifests } from '../../services/manifests';
import { createTestApp, testManifests } from './fixtures/test-app';

/**
 * CloudFormation rejects a template with more than 500 resources (and 200 parameters or outputs),
 * and only at deploy time. Every stack, the parent and each service's nested stack, must keep a
 * wide margin, so that adding a service (or growing one) cannot silently cross the limit.
 */
const RESOURCE_BUDGET = 400;
const CLOUDFORMATION_RESOURCE_LIMIT = 500;
const PARAMETER_AND_OUTPUT_LIMIT = 200;

interface StackSize {
  readonly path: string;
  readonly nested: boolean;
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
}

function stackSizes(manifests: readonly ServiceManifest[]): StackSize[] {
  const { app } = createTestApp(manifests, { bundle: false });
  return app.node
    .findAll()
    .filter((construct): construct is Stack => Stack.isStack(construct))
    .map((stack) => {
      const template = Template.fromStack(stack).toJSON() as Record<string, Record<string, unknown> | undefined>;
      const count = (section: string): number => Object.keys(template[section] ?? {}).length;
      return {
        path: stack.node.path,
        nested: NestedStack.isNestedStack(stack),
        resources: count('Resources'),
        parameters: count('Parameters'),
        outputs: count('Outputs'),
      };
    });
}

describe.each([
  { label: 'deployed services (services/manifests.ts)', manifests: serviceManifests },
  { label: 'deployed services plus the probe service', manifests: testManifests },
])('stack size: $label', ({ manifests }) => {
  const sizes = stackSizes(manifests);
  console.log(
    [
      `CloudFormation resources per stack (budget ${RESOURCE_BUDGET}, hard limit ${CLOUDFORMATION_RESOURCE_LIMIT}):`,
      ...sizes.map(({ path, nested, resources, parameters, outputs }) => `  ${path}${nested ? ' (nested)' : ''}: ${resources} resources, ${parameters} parameters, ${outputs} outputs`),
      `  total: ${sizes.reduce((sum, size) => sum + size.resources, 0)} resources`,
    ].join('\n'),
  );

  it('the parent holds the platform and one nested stack per service', () => {
    expect(sizes.filter((size) => !size.nested).map((size) => size.path)).toEqual(['PeixunStack']);
    expect(sizes.filter((size) => size.nested).map((size) => size.path).sort()).toEqual(manifests.map((manifest) => `PeixunStack/${manifest.name}`).sort());
  });

  it(`every stack, parent and nested, stays below ${RESOURCE_BUDGET} resources (CloudFormation's limit is ${CLOUDFORMATION_RESOURCE_LIMIT})`, () => {
    for (const { path, resources } of sizes) expect(resources, path).toBeLessThan(RESOURCE_BUDGET);
  });

  it(`every stack stays below CloudFormation's ${PARAMETER_AND_OUTPUT_LIMIT} parameters and ${PARAMETER_AND_OUTPUT_LIMIT} outputs`, () => {
    for (const { path, parameters, outputs } of sizes) {
      expect(parameters, `${path} parameters`).toBeLessThan(PARAMETER_AND_OUTPUT_LIMIT);
      expect(outputs, `${path} outputs`).toBeLessThan(PARAMETER_AND_OUTPUT_LIMIT);
    }
  });
});

describe('service stacks are isolated', () => {
  it('a service stack receives only platform values from the parent, never an output of another service\'s stack', () => {
    const { stack } = createTestApp(testManifests, { bundle: false });
    const parent = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties?: { Parameters?: Record<string, unknown> } }> };
    const nestedStackIds = new Set(
      Object.entries(parent.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::CloudFormation::Stack')
        .map(([id]) => id),
    );
    expect(nestedStackIds.size).toBe(testManifests.length);
    for (const id of nestedStackIds) {
      const passed = JSON.stringify(parent.Resources[id]?.Properties?.Parameters ?? {});
      for (const sibling of nestedStackIds) expect(passed, `parameters of ${id}`).not.toContain(`"${sibling}"`);
    }
  });
});
