type WithScheduler = typeof globalThis & { scheduler?: { yield?: () => Promise<void> } };

/**
 * Resolves in a new task. When the site's settings arrive, the loader, the notice and the consent
 * box all continue from the same response; awaiting this first gives each its own task instead of
 * one long one. `scheduler.yield()` (Chromium) resumes ahead of other queued tasks; elsewhere a timeout.
 */
export const nextTask = (): Promise<void> => (globalThis as WithScheduler).scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve));
