import { open } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * A y4m file (YUV4MPEG2, 4:2:0) for Chromium's fake camera, made from a real photo at test time:
 * sharp decodes and fits the photo into the frame, the RGB is converted to I420 with the BT.601
 * limited-range matrix, and the same frame is written `frames` times (Chromium loops the file).
 */
export async function writeY4m(photo: Uint8Array, path: string, width = 640, height = 480, frames = 3): Promise<void> {
  const { data } = await sharp(photo)
    .resize(width, height, { fit: 'contain', background: { r: 200, g: 200, b: 200 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  for (let row = 0; row < height; row += 1) {
    for (let col = 0; col < width; col += 1) {
      const i = (row * width + col) * 3;
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      y[row * width + col] = Math.round(0.257 * r + 0.504 * g + 0.098 * b + 16);
      if (row % 2 === 0 && col % 2 === 0) {
        const c = (row / 2) * (width / 2) + col / 2;
        u[c] = Math.round(-0.148 * r - 0.291 * g + 0.439 * b + 128);
        v[c] = Math.round(0.439 * r - 0.368 * g - 0.071 * b + 128);
      }
    }
  }
  const file = await open(path, 'w');
  try {
    await file.write(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
    for (let frame = 0; frame < frames; frame += 1) {
      await file.write('FRAME\n');
      await file.write(y);
      await file.write(u);
      await file.write(v);
    }
  } finally {
    await file.close();
  }
}
