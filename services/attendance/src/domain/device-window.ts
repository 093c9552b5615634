/**
 * The per-device flood rule as a true sliding window: one device (an unregistered phone) may check
 * in at most `limit` different trainees within any 60 seconds. Fixed one-minute buckets would let
 * a burst straddling a minute boundary through twice (N at :59, N more at 1:01); a window that
 * slides with every check does not.
 *
 * Pure: the caller keeps `recent` (trainee → time of their last check on the device, epoch ms)
 * and stores what this returns under optimistic concurrency (see DeviceWindowRepository).
 */
export const DEVICE_WINDOW_MS = 60_000;

export type RecentTrainees = Readonly<Record<string, number>>;

export type DeviceWindowDecision =
  | { readonly admitted: true; readonly recent: RecentTrainees }
  | { readonly admitted: false; readonly othersInWindow: number };

export function admitToDeviceWindow(recent: RecentTrainees, traineeId: string, nowMs: number, limit: number, windowMs = DEVICE_WINDOW_MS): DeviceWindowDecision {
  // A check exactly `windowMs` ago is out: the window is (now − 60 s, now].
  const inWindow = Object.entries(recent).filter(([, at]) => at > nowMs - windowMs);
  const alreadyCounted = inWindow.some(([id]) => id === traineeId);
  if (!alreadyCounted && inWindow.length >= limit) return { admitted: false, othersInWindow: inWindow.length };
  // The trainee's time moves to this check, so they count for the next 60 s; max() because another
  // function's clock may be slightly ahead of ours.
  const previous = recent[traineeId] ?? 0;
  return { admitted: true, recent: { ...Object.fromEntries(inWindow), [traineeId]: Math.max(previous, nowMs) } };
}
