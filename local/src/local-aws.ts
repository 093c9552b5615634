/**
 * Region and credentials every local client uses. The engines accept any credentials; fixed
 * dummy ones keep the SDK from searching ~/.aws or the instance metadata service.
 */
export const LOCAL_REGION = 'cn-northwest-1';
export const LOCAL_ACCOUNT = '000000000000';
/** China regions live in their own partition, which shows in every ARN. */
export const LOCAL_PARTITION = 'aws-cn';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export const LOCAL_AWS = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS } as const;
