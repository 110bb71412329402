/**
 * The floor of `npm run bench:lifecycle`: the least an agreement's life can cost on this stack — a
 * workflow that takes the same number of updates as an agreement from request to its end, and runs the
 * same number of activities (each a trivial one), nothing else: no rules, no store documents, no audit
 * events, no projection. Bench-only: bundled on its own by the bench.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface FloorActivities {
  floorStep(input: { id: string; n: number }): Promise<number>;
}

const { floorStep } = proxyActivities<FloorActivities>({ startToCloseTimeout: '2 minutes' });

export interface LifecycleFloorInput {
  id: string;
  /** The activities each update runs before it answers (as an agreement's steps do), in order. */
  activitiesPerUpdate: number[];
  /** The activities run after the last update (its ending: access removed, recorded, notified). */
  activitiesAfter: number;
}

export const floorStepUpdate = defineUpdate<number, []>('floorStep');

export async function lifecycleFloor(input: LifecycleFloorInput): Promise<number> {
  let updates = 0;
  let ran = 0;
  let busy = false;
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) ran = await floorStep({ id: input.id, n: ran + 1 });
  };
  setHandler(floorStepUpdate, async () => {
    // One step at a time, as an agreement's inbox takes them.
    await condition(() => !busy);
    busy = true;
    await run(input.activitiesPerUpdate[updates] ?? 0);
    updates++;
    busy = false;
    return updates;
  });
  await condition(() => updates >= input.activitiesPerUpdate.length && !busy);
  await run(input.activitiesAfter);
  return ran;
}
