import type { Page } from 'playwright-core';

/**
 * A camera whose picture the test chooses, for the liveness journeys. Chromium's fake camera plays
 * a y4m in a loop on its own clock, so which frames a 2.5 s burst catches, and from which point
 * of the movement, would change from run to run. Here `getUserMedia` answers a canvas's stream:
 * it shows `still` until the console asks for a movement (its `data-liveness-action`), then that
 * action's reel, moving on by one picture each time the console marks that it took a liveness
 * frame (`peixun:liveness-frame`), so frame i of the burst is picture i whatever the machine's
 * load; after the reel, `still` again. The pictures are real photos and video frames (see
 * services/attendance/test/support/video-frames.ts); the console's own code captures, encodes and
 * sends them unchanged.
 */
export interface CameraScript {
  readonly still: Uint8Array;
  /** Per liveness action, the pictures to show while it is filmed; none: `still` throughout. */
  readonly reels?: Readonly<Record<string, readonly Uint8Array[]>>;
}

const dataUrl = (bytes: Uint8Array): string => `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`;

/** Call before the first navigation: the camera is replaced in every document the page opens. */
export async function installScriptedCamera(page: Page, script: CameraScript, size = { width: 360, height: 288 }): Promise<void> {
  const urls = {
    still: dataUrl(script.still),
    reels: Object.fromEntries(Object.entries(script.reels ?? {}).map(([action, pictures]) => [action, pictures.map(dataUrl)])),
  };
  await page.addInitScript(
    ({ urls, width, height }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('no 2d canvas for the scripted camera');
      // Through <img>, not fetch: the console's CSP allows data: images but no data: connections.
      const load = (url: string): Promise<ImageBitmap> => {
        const image = new Image();
        image.src = url;
        return image.decode().then(() => createImageBitmap(image));
      };
      const loaded = Promise.all([load(urls.still), ...Object.entries(urls.reels).map(async ([action, list]) => [action, await Promise.all(list.map(load))] as const)]);
      let still: ImageBitmap | undefined;
      let reels: Record<string, ImageBitmap[]> = {};
      let reel: ImageBitmap[] = [];
      let shown = -1;
      const paint = (): void => {
        const picture = shown >= 0 && shown < reel.length ? reel[shown] : still;
        if (picture !== undefined) context.drawImage(picture, 0, 0, width, height);
      };
      void loaded.then(([first, ...rest]) => {
        still = first;
        reels = Object.fromEntries(rest);
        paint();
      });
      // A new challenge on the page starts its action's reel from the first picture.
      let challenge: Element | null = null;
      new MutationObserver(() => {
        const prompt = document.querySelector('[data-liveness-step="prepare"]');
        if (prompt === null || prompt === challenge) return;
        challenge = prompt;
        reel = reels[prompt.getAttribute('data-liveness-action') ?? ''] ?? [];
        shown = 0;
        paint();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-liveness-step'] });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.name !== 'peixun:liveness-frame') continue;
          shown += 1;
          paint();
        }
      }).observe({ type: 'mark' });
      // Repainted 10 times a second, so the stream keeps delivering frames while a picture holds.
      setInterval(paint, 100);
      const stream = canvas.captureStream(30);
      Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia: () => Promise.resolve(stream) }, configurable: true });
    },
    { urls, ...size },
  );
}
