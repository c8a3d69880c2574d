import { NextResponse } from "next/server";
import { auth } from "@/auth";

const PUBLIC_PREFIXES = ["/login", "/register", "/set-password", "/c/", "/_next/", "/favicon", "/bench/"];
const MAX_BODY = 1024 * 1024;

// Signed-out redirects and the body size cap only: every page, action and route checks
// session, organisation and role itself. /api/ is left out: every API route goes through apiRoute,
// which answers its own 401 and caps bodies itself, so the proxy would only add its cost (about a
// fifth of a claim's server time) to the busiest routes.
export default auth((req) => {
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

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
