/** Photos arrive base64-encoded in JSON (see the route contracts for why). */
export function decodePhoto(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** For the stored object only; the engine decides by magic bytes whether the photo is usable. */
export function photoContentType(bytes: Uint8Array): string {
  return bytes[0] === 0x89 && bytes[1] === 0x50 ? 'image/png' : 'image/jpeg';
}
