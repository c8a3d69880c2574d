import type { Locale } from "./config";

/**
 * Messages live in one file per area and language (`messages/<locale>/<area>.json`), merged here,
 * so features add their strings without editing one shared file. Areas may extend one namespace; a later area wins on the same leaf key.
 */
const AREAS = ["core", "campaigns", "groups", "directory", "api", "landing", "insights", "consumer", "finance", "webhooks", "redeem", "analytics", "team", "audience"] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const parts = await Promise.all(
    AREAS.map(async (area) => {
      try {
        return (await import(`../messages/${locale}/${area}.json`)).default as Record<string, unknown>;
      } catch {
        return {};
      }
    }),
  );
  return deepMerge({}, ...parts);
}

function deepMerge(target: Record<string, unknown>, ...sources: Record<string, unknown>[]) {
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const current = target[key];
      target[key] =
        isObject(current) && isObject(value) ? deepMerge({ ...current }, value) : value;
    }
  }
  return target;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
