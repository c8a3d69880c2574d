import { NextResponse, type NextRequest } from "next/server";
import { auth } from "@/auth";
import { carriesNul, decodablePath, hostOf, isSameOrigin } from "@/lib/http/origin";
import { CONSUMER_PAGE_HEADER } from "@/i18n/config";

const PUBLIC_PREFIXES = ["/login", "/register", "/set-password", "/c/", "/u/", "/_next/", "/favicon", "/bench/"];
const MAX_BODY = 1024 * 1024;
const CONSUMER_PREFIXES = ["/c/", "/u/"];

function problem(status: number, code: string, title: string, detail: string) {
  return NextResponse.json({ type: `https://coupon.dev/problems/${code}`, title, status, code, detail }, { status, headers: { "content-type": "application/problem+json" } });
}

// Signed-out redirects and the body size cap: every page, action and route checks session,
// organisation and role itself.
const pages = auth((req) => {
  const { pathname } = req.nextUrl;
  const isPublic = pathname === "/" ? false : PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
  if (!isPublic && !req.auth) {
    const url = new URL("/login", req.nextUrl);
    if (pathname !== "/") url.searchParams.set("next", pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  // Consumer pages speak the browser's language until one is chosen (i18n/request.ts reads this).
  if (CONSUMER_PREFIXES.some((p) => pathname.startsWith(p))) {
    const headers = new Headers(req.headers);
    headers.set(CONSUMER_PAGE_HEADER, "1");
    return NextResponse.next({ request: { headers } });
  }
  return NextResponse.next();
});

/**
 * Before anything else, refuses what Next.js itself would answer with a 500: a path whose percent-
 * encoding does not decode (`/c/%ff`), a server action posted from another site, and a server action
 * whose body carries a NUL character (PostgreSQL text cannot store one). /api/ reaches the proxy only
 * for paths with a `%` (see `config`): every API route goes through apiRoute, which authenticates,
 * caps bodies and refuses NUL itself, so the proxy would only add its cost to the busiest routes.
 */
/**
 * A server action posted by another site: an Origin that is not this site. Next.js itself compares
 * Origin with X-Forwarded-Host or Host (a header no other site can make a browser send) and answers a
 * mismatch with a 500; a request without Origin is no browser's and goes on to Next's own check.
 */
function crossSiteAction(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const forwarded = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  return !isSameOrigin(req) && !(forwarded && hostOf(origin) === forwarded);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export default async function proxy(req: NextRequest, ctx: { params?: Promise<Record<string, string>> }) {
  const { pathname } = req.nextUrl;
  const api = pathname.startsWith("/api/");
  if (!decodablePath(pathname)) {
    return api
      ? problem(404, "not_found", "Not found", "No such resource: the path is not valid percent-encoding.")
      : NextResponse.rewrite(new URL("/not-found", req.url), { status: 404 });
  }
  if (api) return NextResponse.next();
  // A NUL character in a page's query would reach a filter and PostgreSQL: the same page without it.
  if (/%00/i.test(req.nextUrl.search) && (req.method === "GET" || req.method === "HEAD")) {
    const clean = req.nextUrl.clone();
    clean.search = req.nextUrl.search.replace(/%00/gi, "");
    return NextResponse.redirect(clean, 307);
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY) {
    return problem(413, "payload_too_large", "Payload too large", "Request bodies are limited to 1 MB.");
  }
  // Every POST to a page is a server action (with JavaScript: a Next-Action header; without: a form post).
  if (req.method === "POST") {
    if (crossSiteAction(req)) return new NextResponse("Cross-site request refused.", { status: 403 });
    const type = req.headers.get("content-type");
    const body = await req.clone().text();
    if (carriesNul(body, type)) return new NextResponse("The form contains a NUL character.", { status: 400 });
    // A JavaScript call's arguments are JSON; what does not parse is no call of ours (Next.js would fail with a 500).
    if (req.headers.has("next-action") && type?.startsWith("text/plain") && !parsesAsJson(body)) {
      return new NextResponse("The action's arguments are not valid.", { status: 400 });
    }
  }
  return (pages as unknown as (r: NextRequest, c: unknown) => Promise<Response>)(req, ctx);
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)", "/api/(.*%.*)"],
};
