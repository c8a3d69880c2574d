import nextEnv from "@next/env";

// Scripts see the same .env / .env.local files as the app.
nextEnv.loadEnvConfig(process.cwd());
