/**
 * fauxqs's store classes and S3 types. `buildApp({ stores })` is fauxqs's own seam for bringing
 * the stores (its `startFauxqs` uses it to add persistence), but the package exports only its entry
 * point, so they are imported by path from the installed package (fauxqs 2.4.1, pinned exactly in
 * local/package.json). Everything that reaches into fauxqs goes through this module: re-check it on upgrade.
 */
export { S3Store } from '../../../node_modules/fauxqs/dist/s3/s3Store.js';
export { SqsStore } from '../../../node_modules/fauxqs/dist/sqs/sqsStore.js';
export { SnsStore } from '../../../node_modules/fauxqs/dist/sns/snsStore.js';
export { S3Error } from '../../../node_modules/fauxqs/dist/common/errors.js';
export { checksumHeaderName, extractChecksumFromHeaders } from '../../../node_modules/fauxqs/dist/s3/checksum.js';
export type { S3PersistenceProvider } from '../../../node_modules/fauxqs/dist/s3/s3Persistence.js';
export type { BucketType } from '../../../node_modules/fauxqs/dist/s3/s3Store.js';
export type { MultipartPart, MultipartUpload, S3Object } from '../../../node_modules/fauxqs/dist/s3/s3Types.js';
