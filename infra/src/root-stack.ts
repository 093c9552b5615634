import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The deployed (top-level) stack a construct belongs to, through any nested stacks: the parent
 * `PeixunStack` for a construct inside a service's nested stack. Its name is a plain string
 * (`PeixunStack`), whereas a nested stack's name is only known at deploy time.
 */
export function rootStackOf(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  for (let parent = stack.nestedStackParent; parent !== undefined; parent = parent.nestedStackParent) stack = parent;
  return stack;
}
