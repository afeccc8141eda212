/** @module The chat button every page shows; the chat itself is a chunk loaded on the first click. */
export { chatLauncher, CHAT_FLAG, LAUNCHER_ATTR, type ChatChunk, type ChatLauncher } from './launcher.ts';
