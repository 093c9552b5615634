/**
 * Local names for each service's resources. Functions only ever see them through RESOURCE_ENV,
 * exactly as in AWS, so nothing depends on the naming scheme.
 */
export const tableName = (service: string): string => `peixun-${service}`;
export const bucketName = (service: string): string => `peixun-${service}-local`;
export const lambdaFunctionName = (service: string, fn: string): string => `peixun-${service}-${fn}`;
