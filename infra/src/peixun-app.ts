import { App, Tags, type AppProps } from 'aws-cdk-lib';
import type { ServiceManifest } from '@peixun/shared';
import { join } from 'node:path';
import { addComplianceChecks } from './compliance';
import { PROJECT_ROOT } from './native-modules';
import { PeixunStack } from './peixun-stack';

export interface PeixunApp {
  readonly app: App;
  readonly stack: PeixunStack;
}

/** The CDK app: one stack (with a nested stack per service) built from the manifests, checked by cdk-nag on every synth. */
export function createPeixunApp(serviceManifests: readonly ServiceManifest[], props: AppProps = {}): PeixunApp {
  const app = new App(props);
  Tags.of(app).add('project', 'peixun');
  const stack = new PeixunStack(app, 'PeixunStack', {
    serviceManifests,
    consoleAssetPath: join(PROJECT_ROOT, 'web', 'dist'),
    description: 'peixun: government-subsidised vocational training (all services)',
    // Holds audit evidence of public spending: deleting the stack takes a deliberate extra step.
    terminationProtection: true,
  });
  addComplianceChecks(app);
  return { app, stack };
}
