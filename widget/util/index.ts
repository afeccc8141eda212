/** @module Small helpers every capability may use. */
export { guard } from './guard.ts';
export { whenIdle } from './idle.ts';
export { nextFrame } from './next-frame.ts';
export { nextTask } from './next-task.ts';
export { logError, logWarn } from './log.ts';
export { pageUrl } from './page-url.ts';
export { uuidv7 } from './uuid.ts';
export { readJson, writeJson, removeKey } from './storage.ts';
