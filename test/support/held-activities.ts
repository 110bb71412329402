/**
 * Activities a workflow test holds: a held activity waits, as on a slow store or a worker that died, until
 * the test lets it go; the test knows when it was called. A test file's activity wrappers call `passHold`
 * before the real activity (jest gives each test file its own copy of this module).
 */
import type { DataPactActivities } from '../../activities';

const heldActivities = new Map<string, { enter: () => void; released: Promise<void> }>();

/** Holds the activity `name`: `entered` says it was called; it runs once `release()` is called. */
export function hold(name: keyof DataPactActivities): { entered: Promise<void>; release: () => void } {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  heldActivities.set(name, { enter, released });
  return {
    entered,
    release: () => {
      heldActivities.delete(name);
      release();
    },
  };
}

/** Waits while a test holds the activity `name` (and tells the test it was called). */
export async function passHold(name: string): Promise<void> {
  const held = heldActivities.get(name);
  if (held) {
    held.enter();
    await held.released;
  }
}
