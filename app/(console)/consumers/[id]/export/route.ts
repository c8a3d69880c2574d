import { unstable_rethrow } from "next/navigation";
import { consoleActor, requireContext } from "@/lib/auth/session";
import { exportConsumerData } from "@/lib/consumers/mutations";
import { contentDisposition } from "@/lib/export/table";
import { AppError } from "@/lib/errors";
import { consoleFailure } from "@/lib/http/console-failure";

// Everything held about one consumer, as a JSON file for the owner to hand over (PIPL); audited.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("not_found", "No such consumer.");
    const ctx = await requireContext("consumer:privacy");
    const data = await exportConsumerData(await consoleActor(ctx), id);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": contentDisposition(`consumer-${id}.json`),
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    unstable_rethrow(e);
    return consoleFailure(req, e);
  }
}
