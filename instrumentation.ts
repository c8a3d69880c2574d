// Runs once when the server process starts (next dev / next start), never at build time.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installSocketIpHeader } = await import("./lib/http/socket-ip");
  installSocketIpHeader();
  const { prepareDatabaseOnStart } = await import("./db/startup");
  await prepareDatabaseOnStart();
}
