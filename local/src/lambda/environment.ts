import { EVENT_BUS_NAME, IDENTITY_AUTHORITY_ENV, RESOURCE_ENV, type ServiceManifest } from '@peixun/shared';
import { IDENTITY_AUTHORITY_BASE_PATH, LOCAL_IDENTITY_AUTHORITY_KEY } from '../identity-authority/authority-endpoints';
import { functionAccessKeyId } from '../access/function-access';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local-aws';
import { bucketName, tableName } from '../resource-names';

export interface LocalEndpoints {
  /** The access-checking proxy in front of DynamoDB Local (../access/dynamodb-access-proxy.ts). */
  dynamodb: string;
  s3: string;
  events: string;
  /** The gateway, where the simulated identity authority answers. */
  api: string;
}

/**
 * A local check waits longer than the 3 s default: the simulated authority compares faces with the
 * embedded engine, whose first use loads its models; the function's own timeout (10 s) still bounds it.
 */
const LOCAL_IDENTITY_CHECK_TIMEOUT_MS = '8000';

/**
 * What a function finds in process.env: the same variables infra sets in AWS, plus the SDK's
 * service-specific endpoint variables (AWS_ENDPOINT_URL_<SERVICE ID>, honoured by SDK v3) so
 * unchanged client code talks to the local engines. Like infra, it follows the function's access
 * list: the PII key, the identity authority's key and the bus only if granted, and the function's
 * own access key id, by which the checks in front of DynamoDB Local and the S3 emulator
 * (../access/) know whose request it is. Nothing leaks in from the developer's shell.
 */
export function functionEnvironment(manifest: ServiceManifest, fn: string, endpoints: LocalEndpoints, piiKey: string): Record<string, string> {
  const { resources } = manifest;
  const access = manifest.functions[fn]?.access;
  if (access === undefined) throw new Error(`Unknown function ${manifest.name}.${fn}`);
  return {
    ...manifest.config,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: functionAccessKeyId(manifest.name, fn),
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.events,
    [RESOURCE_ENV.serviceName]: manifest.name,
    ...(access.table === undefined ? {} : { [RESOURCE_ENV.table]: tableName(manifest.name) }),
    // Every function gets the bucket's name, as in AWS (infra: bindBucketName); the S3 check decides what it may do there.
    ...(resources.bucket !== undefined ? { [RESOURCE_ENV.bucket]: bucketName(manifest.name) } : {}),
    ...(access.events === true ? { [RESOURCE_ENV.eventBus]: EVENT_BUS_NAME } : {}),
    ...(access.piiKey === true ? { [RESOURCE_ENV.piiKey]: piiKey } : {}),
    ...(access.identityAuthority === true
      ? {
          [IDENTITY_AUTHORITY_ENV.url]: `${endpoints.api}${IDENTITY_AUTHORITY_BASE_PATH}`,
          [IDENTITY_AUTHORITY_ENV.apiKey]: LOCAL_IDENTITY_AUTHORITY_KEY,
          [IDENTITY_AUTHORITY_ENV.timeoutMs]: LOCAL_IDENTITY_CHECK_TIMEOUT_MS,
        }
      : {}),
  };
}
