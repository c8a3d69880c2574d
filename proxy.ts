import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/auth";

const PUBLIC_PREFIXES = ["/login", "/register", "/c/", "/api/", "/_next/", "/favicon", "/bench/"];
const MAX_BODY = 1024 * 1024;

// Signed-out redirects and the body size cap only: every page, action and route checks
// session, organisation and role itself.
const withSession = auth((req) => {
  const { pathname } = req.nextUrl;
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_BODY) {
    return NextResponse.json(
      { type: "about:blank", title: "Payload too large", status: 413, code: "payload_too_large", detail: "Request bodies are limited to 1 MB." },
      { status: 413, headers: { "content-type": "application/problem+json" } },
    );
  }
  const isPublic = pathname === "/" ? false : PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
  if (!isPublic && !req.auth) {
    const url = new URL("/login", req.nextUrl);
    if (pathname !== "/") url.searchParams.set("next", pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
});

/**
 * Auth.js re-issues the session cookie on every request it sees (the idle limit rolls forward). A
 * prefetch the router started before the user signed out would then answer after the sign-out with a
 * fresh session cookie and sign them back in. Prefetches are never a sign of activity: their answers
 * carry no cookies.
 */
export default async function proxy(req: NextRequest, ctx: NextFetchEvent) {
  const res = await withSession(req, ctx as never);
  if (res && isPrefetch(req)) res.headers.delete("set-cookie");
  return res;
}

function isPrefetch(req: NextRequest): boolean {
  const h = req.headers;
  return h.get("next-router-prefetch") === "1" || h.get("purpose") === "prefetch" || h.get("sec-purpose")?.includes("prefetch") === true;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
