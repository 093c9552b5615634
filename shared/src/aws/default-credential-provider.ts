import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles: infra/src/bundling.ts
 * aliases that package here, which keeps its chain (profiles, SSO, STS and their nested clients,
 * instance metadata: ≈ 125 KB of every bundle) out. Our own clients never call it, they get the
 * env provider from `awsClientConfig`; it serves the clients a library builds for itself, such as
 * Powertools' Secrets Manager client, with the same environment credentials the chain would have
 * found first. Only the export the SDK's clients import is provided; esbuild fails the build if a
 * client ever imports another one.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> => fromEnv(init);
