/** @module The privacy chat: a lazy chunk, reached only through import() from the launcher. */
export { start, open } from './entry.ts';
export { createChatModel, type ChatModel, type ChatModelOptions } from './model.ts';
