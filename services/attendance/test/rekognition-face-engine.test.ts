/**
 * The Rekognition adapter against aws-sdk-client-mock (no local engine exists for Rekognition).
 * Responses follow the shapes in the Rekognition API reference (DetectFaces FaceDetails,
 * IndexFaces FaceRecords/UnindexedFaces, SearchFacesByImage FaceMatches, ListFaces
 * Faces/NextToken, DeleteFaces DeletedFaces/UnsuccessfulFaceDeletions). Photos are real, so decoding and the sharpness gate run for real.
 */
import {
  DeleteFacesCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  InvalidParameterException,
  ListFacesCommand,
  ProvisionedThroughputExceededException,
  RekognitionClient,
  ResourceNotFoundException,
  SearchFacesByImageCommand,
  ThrottlingException,
  type DetectFacesCommandOutput,
  type FaceDetail,
  type IndexFacesCommandOutput,
  type ListFacesCommandOutput,
  type SearchFacesByImageCommandOutput,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '@peixun/shared';
import { FaceEngineBusy, FaceImageRejected } from '../src/face/face-errors';
import { sniffImageFormat } from '../src/face/image';
import { FaceSearchTruncated, REKOGNITION_DEFAULT_THRESHOLD, REKOGNITION_MAX_FACES, RekognitionFaceEngine } from '../src/face/rekognition/rekognition-face-engine';
import { FRANCK, photo, textNamedJpg } from './support/face-fixtures';

const COLLECTION = 'peixun-test-faces';
const rekognition = mockClient(RekognitionClient);
const metadata = { httpStatusCode: 200, requestId: 'c5e1c0a4-1d5e-4b1c-9a51-8a3bd2f2f7f1', attempts: 1, totalRetryDelay: 0 };

/** Where the face sits in franck_*.jpg (720×576), as Rekognition reports it: ratios of the image. */
const FRANCK_BOX = { Width: 0.36, Height: 0.45, Left: 0.39, Top: 0.34 };

function faceDetail(overrides: Partial<FaceDetail> = {}): FaceDetail {
  return {
    BoundingBox: FRANCK_BOX,
    Landmarks: [
      { Type: 'eyeLeft', X: 0.5, Y: 0.48 },
      { Type: 'eyeRight', X: 0.63, Y: 0.48 },
      { Type: 'nose', X: 0.57, Y: 0.57 },
      { Type: 'mouthLeft', X: 0.52, Y: 0.66 },
      { Type: 'mouthRight', X: 0.62, Y: 0.66 },
    ],
    Pose: { Roll: -4.2, Yaw: 3.1, Pitch: 5.6 },
    Quality: { Brightness: 78.4, Sharpness: 86.9 },
    Confidence: 99.99,
    ...overrides,
  };
}

function detected(...faces: FaceDetail[]): DetectFacesCommandOutput {
  return { $metadata: metadata, FaceDetails: faces };
}

function searchResponse(matches: Array<{ subjectId: string; faceId: string; similarity: number }>): SearchFacesByImageCommandOutput {
  return {
    $metadata: metadata,
    SearchedFaceBoundingBox: FRANCK_BOX,
    SearchedFaceConfidence: 99.99,
    FaceMatches: matches.map((match) => ({
      Similarity: match.similarity,
      Face: {
        FaceId: match.faceId,
        BoundingBox: { Width: 0.41, Height: 0.52, Left: 0.3, Top: 0.2 },
        ImageId: 'd5631190-d039-54e4-b267-abd22c8647c5',
        ExternalImageId: match.subjectId,
        Confidence: 99.99,
        IndexFacesModelVersion: '7.0',
      },
    })),
    FaceModelVersion: '7.0',
  };
}

const FACE_ID = '38271d79-7bc2-5efb-b752-398a8d575b85';
const OTHER_FACE_ID = '4c55926e-69b3-5c80-8c9b-78ea01d30690';

function engine(): RekognitionFaceEngine {
  const client = new RekognitionClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return new RekognitionFaceEngine({ client, collectionId: COLLECTION });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

beforeEach(() => {
  rekognition.reset();
  rekognition.on(DetectFacesCommand).resolves(detected(faceDetail()));
});

describe('Rekognition adapter: templates', () => {
  it('indexes the reference photo with ExternalImageId = subject id, one face, and returns the FaceId', async () => {
    const indexed: IndexFacesCommandOutput = {
      $metadata: metadata,
      FaceRecords: [
        {
          Face: {
            FaceId: FACE_ID,
            BoundingBox: FRANCK_BOX,
            ImageId: '7f5a4e0b-2c42-5b07-a5a1-0fa1c5e2e3b5',
            ExternalImageId: 'trainee-franck',
            Confidence: 99.99,
          },
          FaceDetail: faceDetail(),
        },
      ],
      FaceModelVersion: '7.0',
      UnindexedFaces: [],
    };
    rekognition.on(IndexFacesCommand).resolves(indexed);

    const result = await engine().indexFace('trainee-franck', photo(FRANCK.reference));

    expect(result).toMatchObject({
      subjectId: 'trainee-franck',
      templateId: FACE_ID,
      engine: { name: 'rekognition', model: 'rekognition-face-model-7.0' },
    });
    const input = rekognition.commandCalls(IndexFacesCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ CollectionId: COLLECTION, ExternalImageId: 'trainee-franck', MaxFaces: 1 });
    expect(sniffImageFormat(input?.Image?.Bytes ?? new Uint8Array())).toBe('jpeg');
  });

  it('a face IndexFaces leaves out (UnindexedFaces, LOW_SHARPNESS) is refused as FACE_BLURRED', async () => {
    rekognition.on(IndexFacesCommand).resolves({
      $metadata: metadata,
      FaceRecords: [],
      FaceModelVersion: '7.0',
      UnindexedFaces: [{ Reasons: ['LOW_SHARPNESS'], FaceDetail: faceDetail({ Quality: { Brightness: 70, Sharpness: 4.5 } }) }],
    });
    const error = await caught(engine().indexFace('trainee-franck', photo(FRANCK.reference)));
    expect(error).toBeInstanceOf(FaceImageRejected);
    expect(error).toMatchObject({ code: 'FACE_BLURRED', status: 422 });
  });

  it('removing a template deletes the face; a face already gone counts as removed', async () => {
    rekognition.on(DeleteFacesCommand).resolves({
      $metadata: metadata,
      DeletedFaces: [],
      UnsuccessfulFaceDeletions: [{ FaceId: FACE_ID, Reasons: ['FACE_NOT_FOUND'] }],
    });
    await engine().removeFace({ subjectId: 'trainee-franck', templateId: FACE_ID });
    expect(rekognition.commandCalls(DeleteFacesCommand)[0]?.args[0].input).toEqual({ CollectionId: COLLECTION, FaceIds: [FACE_ID] });
  });
});

/** A ListFaces page as the API reference shows it: Faces with FaceId, ExternalImageId…, and NextToken while more remain. */
function facesPage(faces: Array<{ faceId: string; subjectId: string }>, nextToken?: string): ListFacesCommandOutput {
  return {
    $metadata: metadata,
    Faces: faces.map((face) => ({
      FaceId: face.faceId,
      BoundingBox: { Width: 0.41, Height: 0.52, Left: 0.3, Top: 0.2 },
      ImageId: 'd5631190-d039-54e4-b267-abd22c8647c5',
      ExternalImageId: face.subjectId,
      Confidence: 99.99,
      IndexFacesModelVersion: '7.0',
    })),
    FaceModelVersion: '7.0',
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

const ORPHAN_FACE_ID = '9a1b2c3d-4e5f-5a6b-8c7d-0e1f2a3b4c5d';

describe('Rekognition adapter: consent withdrawn (removeSubject)', () => {
  it('pages through the collection and deletes every face indexed with the subject\'s ExternalImageId, leftovers included', async () => {
    rekognition
      .on(ListFacesCommand, { CollectionId: COLLECTION, MaxResults: REKOGNITION_MAX_FACES, NextToken: undefined })
      .resolves(facesPage([{ faceId: FACE_ID, subjectId: 'trainee-franck' }, { faceId: OTHER_FACE_ID, subjectId: 'trainee-audrey' }], 'page-2'))
      .on(ListFacesCommand, { NextToken: 'page-2' })
      .resolves(facesPage([{ faceId: ORPHAN_FACE_ID, subjectId: 'trainee-franck' }]));
    rekognition.on(DeleteFacesCommand).resolves({ $metadata: metadata, DeletedFaces: [FACE_ID, ORPHAN_FACE_ID], UnsuccessfulFaceDeletions: [] });

    await engine().removeSubject('trainee-franck');

    expect(rekognition.commandCalls(ListFacesCommand)).toHaveLength(2);
    const deletes = rekognition.commandCalls(DeleteFacesCommand).map((call) => call.args[0].input);
    expect(deletes).toEqual([{ CollectionId: COLLECTION, FaceIds: [FACE_ID, ORPHAN_FACE_ID] }]);
  });

  it('is idempotent: a subject without faces deletes nothing; faces already gone (FACE_NOT_FOUND) count as deleted', async () => {
    rekognition.on(ListFacesCommand).resolves(facesPage([{ faceId: OTHER_FACE_ID, subjectId: 'trainee-audrey' }]));
    await engine().removeSubject('trainee-franck');
    expect(rekognition.commandCalls(DeleteFacesCommand)).toHaveLength(0);

    rekognition.reset();
    rekognition.on(ListFacesCommand).resolves(facesPage([{ faceId: FACE_ID, subjectId: 'trainee-franck' }]));
    rekognition.on(DeleteFacesCommand).resolves({ $metadata: metadata, DeletedFaces: [], UnsuccessfulFaceDeletions: [{ FaceId: FACE_ID, Reasons: ['FACE_NOT_FOUND'] }] });
    await engine().removeSubject('trainee-franck');
  });

  it('a face Rekognition refuses to delete (associated to a user) fails the call, so the event is retried', async () => {
    rekognition.on(ListFacesCommand).resolves(facesPage([{ faceId: FACE_ID, subjectId: 'trainee-franck' }]));
    rekognition.on(DeleteFacesCommand).resolves({
      $metadata: metadata,
      DeletedFaces: [],
      UnsuccessfulFaceDeletions: [{ FaceId: FACE_ID, UserId: 'trainee-franck', Reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'] }],
    });
    expect(await caught(engine().removeSubject('trainee-franck'))).toMatchObject({ message: expect.stringContaining('ASSOCIATED_TO_AN_EXISTING_USER') });
  });

  it('throttling while listing is FACE_ENGINE_BUSY (retryable)', async () => {
    rekognition.on(ListFacesCommand).rejects(new ProvisionedThroughputExceededException({ $metadata: metadata, message: 'Provisioned rate exceeded' }));
    expect(await caught(engine().removeSubject('trainee-franck'))).toBeInstanceOf(FaceEngineBusy);
  });
});

describe('Rekognition adapter: roster searches in a large collection', () => {
  it('asks for the most faces the API returns (4096), down to the score floor, so classmates are not crowded out', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(searchResponse([{ subjectId: 'trainee-franck', faceId: FACE_ID, similarity: 99.5 }]));
    // The service asks for every candidate's score (threshold 0).
    await engine().searchFace(photo(FRANCK.others[1]), { candidates: ['trainee-franck', 'trainee-audrey'], threshold: 0, maxMatches: 2 });
    expect(rekognition.commandCalls(SearchFacesByImageCommand)[0]?.args[0].input).toMatchObject({ MaxFaces: 4096, FaceMatchThreshold: 80 });
  });

  it('finds a roster member behind many better-scoring strangers from other classes', async () => {
    const strangers = Array.from({ length: 150 }, (_, i) => ({ subjectId: `trainee-elsewhere-${i}`, faceId: `f-${i}`, similarity: 99.9 - i / 1000 }));
    rekognition.on(SearchFacesByImageCommand).resolves(searchResponse([...strangers, { subjectId: 'trainee-franck', faceId: FACE_ID, similarity: 99.2 }]));
    const result = await engine().searchFace(photo(FRANCK.others[1]), { candidates: ['trainee-franck'], threshold: 0 });
    expect(result.best).toEqual({ subjectId: 'trainee-franck', templateId: FACE_ID, similarity: 99.2 });
  });

  it('an answer that fills MaxFaces may be truncated: refused (FaceSearchTruncated), never decided on', async () => {
    const client = new RekognitionClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const small = new RekognitionFaceEngine({ client, collectionId: COLLECTION, maxFaces: 3 });
    rekognition.on(SearchFacesByImageCommand).resolves(
      searchResponse([1, 2, 3].map((i) => ({ subjectId: `trainee-elsewhere-${i}`, faceId: `f-${i}`, similarity: 95 }))),
    );
    expect(await caught(small.searchFace(photo(FRANCK.others[1]), { candidates: ['trainee-franck'], threshold: 0 }))).toBeInstanceOf(FaceSearchTruncated);
  });

  it('the duplicate-identity search (no roster) keeps the caller\'s threshold and is not limited to the floor', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(searchResponse([]));
    await engine().searchFace(photo(FRANCK.reference), { exclude: ['trainee-new'], threshold: 70 });
    expect(rekognition.commandCalls(SearchFacesByImageCommand)[0]?.args[0].input).toMatchObject({ FaceMatchThreshold: 70, MaxFaces: 4096 });
  });
});

describe('Rekognition adapter: identity decisions at threshold 99', () => {
  it('1:1 accepts the trainee at or above 99 and records the score for the audit', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(searchResponse([{ subjectId: 'trainee-franck', faceId: FACE_ID, similarity: 99.72 }]));
    const result = await engine().verify('trainee-franck', photo(FRANCK.others[0]));
    expect(result).toMatchObject({ match: true, similarity: 99.72, threshold: REKOGNITION_DEFAULT_THRESHOLD, templateId: FACE_ID });
  });

  it('1:1 refuses a similar face below 99, but still records its score (search floor 80)', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(searchResponse([{ subjectId: 'trainee-franck', faceId: FACE_ID, similarity: 92.4 }]));
    const result = await engine().verify('trainee-franck', photo(FRANCK.others[0]));
    expect(result).toMatchObject({ match: false, similarity: 92.4 });
    expect(rekognition.commandCalls(SearchFacesByImageCommand)[0]?.args[0].input).toMatchObject({ FaceMatchThreshold: 80 });
  });

  it('1:1 refuses when the photo matches somebody else: a proxy check-in', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(searchResponse([{ subjectId: 'trainee-other', faceId: OTHER_FACE_ID, similarity: 99.9 }]));
    const result = await engine().verify('trainee-franck', photo('audrey.jpg'));
    expect(result).toMatchObject({ match: false, similarity: null });
  });

  it('1:N among the roster answers with a roster member even when a better match is outside the class', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(
      searchResponse([
        { subjectId: 'trainee-elsewhere', faceId: OTHER_FACE_ID, similarity: 99.9 },
        { subjectId: 'trainee-franck', faceId: FACE_ID, similarity: 99.5 },
      ]),
    );
    const result = await engine().searchFace(photo(FRANCK.others[1]), { candidates: ['trainee-franck', 'trainee-audrey'] });
    expect(result.best).toEqual({ subjectId: 'trainee-franck', templateId: FACE_ID, similarity: 99.5 });
  });

  it('duplicate-identity search at enrolment asks for matches at the threshold and ignores the person being enrolled', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves(
      searchResponse([
        { subjectId: 'trainee-new', faceId: FACE_ID, similarity: 99.99 },
        { subjectId: 'trainee-old-id', faceId: OTHER_FACE_ID, similarity: 99.4 },
      ]),
    );
    const result = await engine().searchFace(photo(FRANCK.reference), { exclude: ['trainee-new'] });
    expect(result.best?.subjectId).toBe('trainee-old-id');
    expect(rekognition.commandCalls(SearchFacesByImageCommand)[0]?.args[0].input).toMatchObject({
      CollectionId: COLLECTION,
      FaceMatchThreshold: 99,
    });
  });
});

describe('Rekognition adapter: the same quality gates before any search', () => {
  it('two faces in the photo: FACE_MULTIPLE, and the collection is never searched', async () => {
    rekognition.on(DetectFacesCommand).resolves(detected(faceDetail(), faceDetail({ BoundingBox: { Width: 0.3, Height: 0.38, Left: 0.02, Top: 0.3 } })));
    const error = await caught(engine().verify('trainee-franck', photo(FRANCK.reference)));
    expect(error).toMatchObject({ code: 'FACE_MULTIPLE' });
    expect(rekognition.commandCalls(SearchFacesByImageCommand)).toHaveLength(0);
  });

  it('no face detected: FACE_NOT_FOUND', async () => {
    rekognition.on(DetectFacesCommand).resolves(detected());
    expect(await caught(engine().searchFace(photo(FRANCK.reference)))).toMatchObject({ code: 'FACE_NOT_FOUND' });
  });

  it('head turned beyond the yaw limit: FACE_POSE', async () => {
    rekognition.on(DetectFacesCommand).resolves(detected(faceDetail({ Pose: { Roll: 2, Yaw: 48.5, Pitch: 1 } })));
    expect(await caught(engine().indexFace('trainee-franck', photo(FRANCK.reference)))).toMatchObject({ code: 'FACE_POSE' });
  });

  it('a non-image never reaches Rekognition: IMAGE_UNSUPPORTED', async () => {
    expect(await caught(engine().searchFace(textNamedJpg()))).toMatchObject({ code: 'IMAGE_UNSUPPORTED', status: 400 });
    expect(rekognition.calls()).toHaveLength(0);
  });
});

describe('Rekognition adapter: service errors', () => {
  it('ProvisionedThroughputExceededException becomes FACE_ENGINE_BUSY (503, retryable)', async () => {
    rekognition
      .on(SearchFacesByImageCommand)
      .rejects(new ProvisionedThroughputExceededException({ $metadata: metadata, message: 'Provisioned rate exceeded' }));
    const error = await caught(engine().verify('trainee-franck', photo(FRANCK.others[0])));
    expect(error).toBeInstanceOf(FaceEngineBusy);
    expect(error).toMatchObject({ code: 'FACE_ENGINE_BUSY', status: 503, retryable: true });
  });

  it('ThrottlingException becomes FACE_ENGINE_BUSY as well', async () => {
    rekognition.on(DetectFacesCommand).rejects(new ThrottlingException({ $metadata: metadata, message: 'Slow down' }));
    expect(await caught(engine().searchFace(photo(FRANCK.reference)))).toBeInstanceOf(FaceEngineBusy);
  });

  it('InvalidParameterException from a face search (no face in the image) becomes FACE_NOT_FOUND', async () => {
    rekognition
      .on(SearchFacesByImageCommand)
      .rejects(new InvalidParameterException({ $metadata: metadata, message: 'There are no faces in the image. Should be at least 1.' }));
    const error = await caught(engine().searchFace(photo(FRANCK.reference)));
    expect(error).toMatchObject({ code: 'FACE_NOT_FOUND', status: 422 });
  });

  it('a missing collection is a deployment fault: rethrown as is, never disguised as a user error', async () => {
    rekognition
      .on(SearchFacesByImageCommand)
      .rejects(new ResourceNotFoundException({ $metadata: metadata, message: 'The collection id: peixun-test-faces does not exist' }));
    const error = await caught(engine().searchFace(photo(FRANCK.reference)));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).not.toBeInstanceOf(DomainError);
  });
});
