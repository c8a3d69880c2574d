import { describe, expect, it } from "vitest";
import { parseCodesCsv, rowOfErrorPath } from "./import-csv";

describe("parseCodesCsv", () => {
  it("reads one code per row with file line numbers, skipping blank lines", () => {
    expect(parseCodesCsv("PARTNER0001\n\nPARTNER0002\r\nPARTNER0003\n")).toEqual({
      ok: true,
      header: false,
      rows: [
        { line: 1, value: "PARTNER0001" },
        { line: 3, value: "PARTNER0002" },
        { line: 4, value: "PARTNER0003" },
      ],
    });
  });

  it("uses the column headed code (or 券码), whatever its position, and drops a BOM", () => {
    const r = parseCodesCsv("\ufeffnote,Code\nfirst,AAA111\nsecond, BBB222 \n");
    expect(r).toEqual({ ok: true, header: true, rows: [{ line: 2, value: "AAA111" }, { line: 3, value: "BBB222" }] });
    expect(parseCodesCsv("券码\nCCC333\n")).toMatchObject({ ok: true, header: true, rows: [{ line: 2, value: "CCC333" }] });
  });

  it("accepts semicolon and tab separated files and quoted cells", () => {
    expect(parseCodesCsv("code;batch\nAAA111;1\n")).toMatchObject({ rows: [{ value: "AAA111" }] });
    expect(parseCodesCsv("code\tbatch\nAAA111\t1\n")).toMatchObject({ rows: [{ value: "AAA111" }] });
    expect(parseCodesCsv('"AAA,111",x\n')).toMatchObject({ rows: [{ line: 1, value: "AAA,111" }] });
  });

  it("keeps malformed and empty cells as rows, for the domain to report by line", () => {
    const r = parseCodesCsv("code,note\n,missing\nbad code!,x\nGOOD0001,y\n");
    expect(r).toMatchObject({ ok: true, rows: [{ line: 2, value: "" }, { line: 3, value: "bad code!" }, { line: 4, value: "GOOD0001" }] });
  });

  it("reports a file it cannot read, with the line, and an empty one", () => {
    expect(parseCodesCsv('AAA111\n"BBB222\nCCC333\n')).toMatchObject({ ok: false, message: "group.import.unreadable", line: expect.any(Number) });
    expect(parseCodesCsv("")).toEqual({ ok: false, message: "group.import.empty" });
    expect(parseCodesCsv("\n,\n ;\n")).toEqual({ ok: false, message: "group.import.empty" });
    expect(parseCodesCsv("code\n")).toEqual({ ok: false, message: "group.import.empty" });
  });

  it("accepts bytes as well as text", () => {
    expect(parseCodesCsv(new TextEncoder().encode("code\nAAA111\n"))).toMatchObject({ rows: [{ line: 2, value: "AAA111" }] });
  });
});

describe("rowOfErrorPath", () => {
  it("reads the row number of a domain error path", () => {
    expect(rowOfErrorPath("rows.12")).toBe(12);
    expect(rowOfErrorPath("file")).toBeNull();
    expect(rowOfErrorPath("rows.x")).toBeNull();
  });
});
