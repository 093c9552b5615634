import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The configuration every AWS SDK client of a function starts from: credentials read from the
 * environment, where Lambda puts the execution role's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN) and the local runtime the function's own (local/src/lambda/environment.ts).
 * The SDK's default chain would find them there first too, but it also brings profiles, SSO, STS
 * and instance metadata, which a Lambda never uses; giving the env provider explicitly means tests
 * and the local runtime run the very provider that runs in AWS, where the bundles leave the chain
 * out (`./default-credential-provider.ts`).
 */
export function awsClientConfig(): { readonly credentials: ReturnType<typeof fromEnv> } {
  return { credentials: fromEnv() };
}
