import { z } from "zod";
import { listParamsSchema } from "@/components/data-table/params";
import { ANOMALY_RULE_KINDS } from "@/db/schema/finance";

/** `/alerts?status=open|reviewed&rule=<kind>&page=…` */
export const alertListParams = listParamsSchema({
  sort: ["createdAt"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: { status: z.enum(["open", "reviewed"]), rule: z.enum(ANOMALY_RULE_KINDS) },
});
export type AlertListParams = z.output<typeof alertListParams>;
