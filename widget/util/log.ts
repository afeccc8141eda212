const said = new Set<string>();

/** Logs a misconfiguration once per page, so a site owner sees it without flooding the console. */
export function logError(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  console.error(`[samtykke] ${message}`);
}

export function logWarn(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  console.warn(`[samtykke] ${message}`);
}
