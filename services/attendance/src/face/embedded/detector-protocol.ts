/** Messages between the runtime pool and its detector workers; a worker has one request at a time, so no ids. */
import type { DecodedImage } from '../image';
import type { EmbeddedFace } from './human-runtime';

export interface DetectorRequest {
  readonly image: DecodedImage;
}

export type DetectorReply =
  | { readonly type: 'ready'; readonly model: string }
  | { readonly type: 'faces'; readonly faces: EmbeddedFace[]; readonly tensors: number }
  | { readonly type: 'failed'; readonly error: { readonly name: string; readonly message: string } };
