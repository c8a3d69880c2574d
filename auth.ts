import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { clientIp } from "@/lib/http/client-ip";
import { env } from "@/lib/env";
import { logError } from "@/lib/log";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
  }
}

class InvalidLogin extends CredentialsSignin {
  code = "invalid_credentials";
}

class RateLimitedLogin extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

const config: NextAuthConfig = {
  trustHost: true,
  pages: { signIn: "/login" },
  // Sessions are signed JWT cookies: nothing in memory, so several instances can serve one user.
  // maxAge is the inactivity limit (the cookie is re-issued as the user works); the absolute
  // limit is enforced in the jwt callback from the time of sign-in.
  session: { strategy: "jwt", maxAge: env().SESSION_IDLE_MINUTES * 60, updateAge: 60 },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidLogin();
        // Loaded lazily: the proxy imports this file only for `auth`, never the database login path.
        const { verifyLogin } = await import("@/lib/auth/login");
        const result = await verifyLogin(parsed.data.email, parsed.data.password, clientIp(request.headers));
        if (result === "rate_limited") throw new RateLimitedLogin();
        if (!result) throw new InvalidLogin();
        return result;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        // Seconds with their fraction: compared with users.signed_out_at, which has milliseconds.
        token.authTime = Date.now() / 1000;
      }
      const authTime = Number(token.authTime ?? 0);
      if (!authTime || Date.now() / 1000 - authTime > env().SESSION_MAX_HOURS * 3600) return null;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub as string;
      (session as { authTime?: number }).authTime = Number(token.authTime ?? 0);
      return session;
    },
  },
  logger: {
    error(error) {
      // A wrong password is not a server error; keep the log for real failures.
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      logError("[auth]", error);
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
