import { apiRoute, json } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi";

// The OpenAPI 3.1 document of /api/v1; public so tools can fetch it without a key.
export const GET = apiRoute({ public: true }, () =>
  json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
