/**
 * The classic script every page downloads (`dist/samtykke.js`). It stays tiny: no Preact, no zod,
 * no idb. It reads its own tag, installs `window.Samtykke`, and import()s only the chunks this
 * page needs. An IIFE cannot code-split, so the chunks are a separate ES build whose hashed file
 * names vite.config.ts writes into `__CHUNKS__`.
 */
import { startWidget } from './boot/start.ts';

// currentScript is only set during this first synchronous run of a classic script.
startWidget(document.currentScript as HTMLScriptElement | null);
