import { apiRoute } from "@/lib/api/handler";
import { putTagsByPhone } from "@/lib/consumers/mutations";
import { putTagsSchema } from "@/lib/consumers/schemas";

// A CRM sets a consumer's whole tag list by phone; a phone not seen before becomes a consumer.
export const PUT = apiRoute({ permission: "consumer:write", body: putTagsSchema }, async ({ actor, body }) => {
  return putTagsByPhone(actor, body.phone, body.tags);
});
