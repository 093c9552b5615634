/** A short tone from WebAudio (no sound files to ship): high for a pass, low and doubled for a failure. */
let context: AudioContext | undefined;

export function beep(passed: boolean): void {
  context ??= new AudioContext();
  const tones = passed ? [880] : [220, 220];
  tones.forEach((frequency, index) => {
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain).connect(context!.destination);
    const start = context!.currentTime + index * 0.25;
    gain.gain.setValueAtTime(0.2, start);
    oscillator.start(start);
    oscillator.stop(start + 0.18);
  });
}
