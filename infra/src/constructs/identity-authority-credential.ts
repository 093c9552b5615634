import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The CDK context key that names the provincial identity-verification service's base URL (HTTPS). */
export const IDENTITY_AUTHORITY_URL_CONTEXT = 'peixun:identityAuthorityUrl';

export interface IdentityAuthorityCredentialProps {
  readonly key: IKey;
}

/**
 * Where and how a service reaches the provincial identity-verification service (实名核验): the
 * base URL from the CDK context (`cdk deploy -c peixun:identityAuthorityUrl=https://…`), which
 * must be HTTPS, and the API key the province issues, kept in a secret under the service key.
 * The secret is created with a random placeholder; operators put the issued key into it
 * (`aws secretsmanager put-secret-value`). Until then every check is refused by the authority and
 * registrations fail loudly rather than pass unverified.
 */
export class IdentityAuthorityCredential extends Construct {
  readonly url: string;
  readonly secret: Secret;

  constructor(scope: Construct, id: string, { key }: IdentityAuthorityCredentialProps) {
    super(scope, id);
    const url: unknown = this.node.tryGetContext(IDENTITY_AUTHORITY_URL_CONTEXT);
    if (typeof url !== 'string' || !/^https:\/\/[^\s/]+/.test(url)) {
      throw new Error(`Set the identity-verification service's HTTPS base URL: cdk synth -c ${IDENTITY_AUTHORITY_URL_CONTEXT}=https://…`);
    }
    this.url = url;
    this.secret = new Secret(this, 'ApiKey', {
      description: 'API key of the provincial identity-verification service (实名核验), issued by the province; replace the placeholder',
      encryptionKey: key,
      generateSecretString: { passwordLength: 32, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The key is issued and rotated by the provincial identity-verification service, not by AWS; operators replace the secret value when the province issues a new key.',
    });
  }
}
