import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface PiiKeySecretProps {
  readonly key: IKey;
}

/**
 * The master secret from which the PII cipher derives its sealing and fingerprint keys
 * (`piiCipherFromSecret` needs at least 32 characters; 64 alphanumerics carry ~380 bits).
 */
export class PiiKeySecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, { key }: PiiKeySecretProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Master key for field-level encryption and fingerprints of personal data (ID numbers)',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Losing this secret makes every stored ID number unreadable and every fingerprint unmatchable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating this secret would make all sealed ID numbers undecryptable and break the fingerprint uniqueness index: the v1 envelope carries no key version. Rotation needs re-encryption of the stored data and is a planned migration, not a schedule.',
    });
  }
}
