import "server-only";
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { sql } from "drizzle-orm";
import { db, rows as rows_, type Tx } from "@/db";
import { assertCan, auditActor, type Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/log";
import { normalizePhone } from "@/lib/claims/phone";
import { AppError } from "@/lib/errors";
import { MAX_TAG_LENGTH, normalizeTag } from "@/lib/segments/rules";

// Tag import: a CSV of `phone,tag` rows (a CRM's export; a phone on several rows gets every tag), up to
// millions of rows, streamed — never held whole in memory. All rows or none: every row is read and
// checked into a staging table inside one transaction; any bad row rolls it all back and the report
// lists the bad rows by line number. Otherwise the phones not seen before become consumers, the
// tags are added to consumer_tags, and the transaction commits.

/** Largest file accepted (1,000,000 rows of phone and tag are about 25 MB). */
export const TAG_IMPORT_MAX_BYTES = 128 * 1024 * 1024;
/** At most this many bad rows are reported one by one; the count is always complete. */
export const BAD_ROWS_LISTED = 1000;
const BATCH = 10_000;
const HEADER = /^(phone|mobile|手机|手机号|电话)$/i;

export type BadRow = { line: number; message: "consumers.import.badPhone" | "consumers.import.badTag" | "consumers.import.columns"; value: string };
export type ImportProgress = { phase: "reading"; rows: number; bytes: number } | { phase: "merging"; rows: number };
export type ImportResult =
  | { ok: true; rows: number; consumers: number; created: number }
  | { ok: false; rows: number; badCount: number; bad: BadRow[] };

class Refused extends Error {}

/** Counts the bytes that pass, and refuses a body past the cap. */
async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > TAG_IMPORT_MAX_BYTES) {
      throw new AppError("payload_too_large", `Tag imports are limited to ${TAG_IMPORT_MAX_BYTES / 1024 / 1024} MB.`);
    }
    onBytes(total);
    yield chunk;
  }
}

async function stage(tx: Tx, phones: string[], tags: string[]) {
  await tx.execute(sql`insert into tag_import (phone, tag) select * from unnest(${`{${phones.join(",")}}`}::text[], ${arrayLiteral(tags)}::text[])`);
}

/** A text[] literal of arbitrary strings (quoted and escaped), sent as one parameter. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/**
 * Imports `phone,tag` rows from a byte stream. `onProgress` is told how far it got (for a progress bar
 * or an NDJSON answer). Refuses (nothing written) with the bad rows when any row is bad.
 */
export async function importTags(
  actor: Actor,
  body: AsyncIterable<Uint8Array>,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportResult> {
  assertCan(actor, "consumer:write");
  let bytes = 0;
  let rows = 0;
  let badCount = 0;
  const bad: BadRow[] = [];
  const fail = (line: number, message: BadRow["message"], value: string) => {
    badCount++;
    if (bad.length < BAD_ROWS_LISTED) bad.push({ line, message, value: value.slice(0, 80) });
  };
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`create temp table tag_import (phone text not null, tag text not null) on commit drop`);
      const parser = Readable.from(counted(body, (n) => (bytes = n))).pipe(
        // Empty lines are kept (as [""]) so that the n-th record is the n-th line: cheaper than `info`
        // (a third of the time) and exact unless a quoted field spans lines, which no phone or tag may.
        parse({ bom: true, trim: true, skip_empty_lines: false, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] }),
      );
      let phones: string[] = [];
      let tags: string[] = [];
      let first = true;
      let line = 0;
      for await (const record of parser as AsyncIterable<string[]>) {
        line++;
        if (first) {
          first = false;
          if (HEADER.test(record[0] ?? "")) continue;
        }
        if (record.every((c) => c === "")) continue;
        rows++;
        if (record.length < 2 || record.slice(2).some((c) => c !== "")) {
          fail(line, "consumers.import.columns", record.join(","));
          continue;
        }
        const phone = normalizePhone(record[0].normalize("NFKC"));
        const tag = normalizeTag(record[1]);
        if (!phone) fail(line, "consumers.import.badPhone", record[0]);
        else if (!tag || tag.length > MAX_TAG_LENGTH || /[,\u0000-\u001f]/.test(tag)) fail(line, "consumers.import.badTag", record[1]);
        else if (badCount === 0) {
          // After the first bad row nothing will be written: only the report is still built.
          phones.push(phone);
          tags.push(tag);
          if (phones.length >= BATCH) {
            await stage(tx, phones, tags);
            phones = [];
            tags = [];
          }
        }
        if (rows % 50_000 === 0) onProgress({ phase: "reading", rows, bytes });
      }
      onProgress({ phase: "reading", rows, bytes });
      if (badCount > 0) throw new Refused();
      if (phones.length) await stage(tx, phones, tags);
      onProgress({ phase: "merging", rows });
      // Two statements: the phones not seen before become consumers, then every (consumer, tag) pair
      // the consumer does not have yet is added — inserts of narrow consumer_tags rows only (sorted by
      // the key they land in); no consumer row is rewritten, and a nightly CRM re-import adds nothing.
      const [merged] = await rows_<{ consumers: number; created: number }>(tx, sql`
        with incoming as (select distinct phone from tag_import), created as (
          insert into consumers (org_id, phone) select ${actor.orgId}::uuid, i.phone from incoming i
          on conflict (org_id, phone) do nothing
          returning 1
        )
        select (select count(*) from incoming)::int as consumers, (select count(*) from created)::int as created`);
      await tx.execute(sql`
        insert into consumer_tags (consumer_id, tag, org_id)
        select distinct k.id, i.tag, ${actor.orgId}::uuid from tag_import i
        join consumers k on k.org_id = ${actor.orgId}::uuid and k.phone = i.phone
        order by k.id, i.tag
        on conflict do nothing`);
      await writeAudit(tx, {
        ...auditActor(actor),
        action: "consumers.tagsImported",
        entityType: "consumer",
        after: { rows, consumers: merged.consumers, created: merged.created },
      });
      return { ok: true as const, rows, consumers: Number(merged.consumers), created: Number(merged.created) };
    });
  } catch (e) {
    if (e instanceof Refused) return { ok: false, rows, badCount, bad };
    if (e instanceof CsvError) {
      return { ok: false, rows, badCount: badCount + 1, bad: [...bad, { line: typeof e.lines === "number" ? e.lines : rows + 1, message: "consumers.import.columns", value: "" }] };
    }
    throw e;
  }
}
