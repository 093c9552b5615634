import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * The front camera in a <video>, and a frame of it as a JPEG. The frame is scaled so its longer
 * side is at most 960 px: enough for the face engine, and ~100 KB on a phone's mobile connection.
 */
export type CameraState = 'idle' | 'starting' | 'live' | 'denied' | 'unavailable';

const MAX_SIDE = 960;

export function useCamera(video: Ref<HTMLVideoElement | undefined>) {
  const state = ref<CameraState>('idle');
  let stream: MediaStream | undefined;

  async function start(): Promise<void> {
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      state.value = 'unavailable';
      return;
    }
    state.value = 'starting';
    // With `peixun:camera-live`, splits opening the page into loading it and opening the camera (bench:console).
    performance.mark('peixun:camera-starting');
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (error) {
      state.value = error instanceof DOMException && error.name === 'NotAllowedError' ? 'denied' : 'unavailable';
      return;
    }
    const element = video.value;
    if (element === undefined) return stop();
    element.srcObject = stream;
    await element.play();
    // The first frame, not the permission prompt, is when the person sees themself.
    await new Promise<void>((resolve) => (element.readyState >= 2 ? resolve() : element.addEventListener('loadeddata', () => resolve(), { once: true })));
    state.value = 'live';
    performance.mark('peixun:camera-live');
  }

  function stop(): void {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    if (video.value !== undefined) video.value.srcObject = null;
    if (state.value === 'live' || state.value === 'starting') state.value = 'idle';
  }

  /** The current frame as JPEG bytes, base64 for the JSON body; liveness bursts ask for smaller frames. */
  async function capture(maxSide = MAX_SIDE): Promise<string> {
    const element = video.value;
    if (element === undefined || state.value !== 'live') throw new Error('摄像头尚未就绪。');
    const scale = Math.min(1, maxSide / Math.max(element.videoWidth, element.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(element.videoWidth * scale);
    canvas.height = Math.round(element.videoHeight * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('浏览器无法处理照片。');
    context.drawImage(element, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    if (blob === null) throw new Error('浏览器无法处理照片。');
    return toBase64(blob);
  }

  onBeforeUnmount(stop);
  return { state, start, stop, capture };
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A random id kept on this device, so the service's per-device limits see one phone as one device. */
export function deviceId(prefix: string): string {
  const key = `peixun.deviceId.${prefix}`;
  const known = localStorage.getItem(key);
  if (known !== null) return known;
  const fresh = `${prefix}-${crypto.randomUUID()}`;
  localStorage.setItem(key, fresh);
  return fresh;
}
