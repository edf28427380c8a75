// event: {}
import { setTimeout as delay } from 'node:timers/promises';
export const handler = async () => {
  const started = Date.now();
  const v = await delay(20, 'done');
  return { v, waitedAtLeast20: Date.now() - started >= 20 };
};
