/**
 * The `next` parameter of the login page, kept only when it is a path on this site ("/audit?x=1");
 * anything that could leave the site ("//evil.example", "https://…", "/\\evil") becomes null.
 */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  // Control characters and backslashes are never in our own links; browsers may treat "\" as "/".
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
  try {
    const url = new URL(next, "http://same.invalid");
    if (url.origin !== "http://same.invalid") return null;
    if (url.pathname.startsWith("/api/") || url.pathname === "/login" || url.pathname === "/register") return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}
