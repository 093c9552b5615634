import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnCollection } from 'aws-cdk-lib/aws-rekognition';
import { Construct } from 'constructs';
import { rootStackOf } from '../root-stack';

export interface FaceCollectionProps {
  readonly serviceName: string;
}

/**
 * The Rekognition face collection of a service (`resources.faceCollection`): one per deployment,
 * holding the face templates of the cloud face engine (`ExternalImageId` = trainee id).
 * Templates are biometric data: the collection is retained when the stack goes, like the tables,
 * and deleting a template is the service's job (consent withdrawal, a reviewer's rejection).
 */
export class FaceCollection extends Construct {
  readonly collectionId: string;
  readonly collectionArn: string;

  constructor(scope: Construct, id: string, { serviceName }: FaceCollectionProps) {
    super(scope, id);
    // Named after the deployed stack (`PeixunStack-attendance-faces`), not the service's nested stack,
    // whose generated name is known only at deploy time.
    this.collectionId = `${rootStackOf(this).stackName}-${serviceName}-faces`;
    const collection = new CfnCollection(this, 'Collection', { collectionId: this.collectionId });
    collection.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.collectionArn = collection.attrArn;
  }
}
