import { describe, expect, it } from "vitest";
import { readTraceQuery } from "./trace-query";

describe("readTraceQuery", () => {
  it("reads a typed lot code as text", () => {
    expect(readTraceQuery("  SOAP-2611-001 ")).toEqual({ kind: "text", text: "SOAP-2611-001" });
  });

  it("keeps an all-digit serial number as text instead of reading it as a GTIN", () => {
    expect(readTraceQuery("00012345")).toEqual({ kind: "text", text: "00012345" });
  });

  it("reads a GS1 element string from a label into GTIN and lot", () => {
    const read = readTraceQuery("(01) 09506000134352 (10) LAV-7");
    expect(read).toMatchObject({ kind: "scan", filter: { lot: "LAV-7" } });
    expect(read.kind === "scan" && read.filter.gtins).toContain("09506000134352");
  });

  it("reads a GS1 Digital Link with a serial number", () => {
    expect(readTraceQuery("https://id.gs1.org/01/09506000134352/21/SN-42")).toMatchObject({
      kind: "scan",
      filter: { serial: "SN-42" },
    });
  });

  it("explains a scan that is not valid GS1 data", () => {
    const read = readTraceQuery("(01)09506000134353(10)LAV-7");
    expect(read.kind).toBe("invalid-scan");
    expect(read.kind === "invalid-scan" && read.error).toMatch(/check digit/);
  });

  it("treats an empty box as no query", () => {
    expect(readTraceQuery("   ")).toEqual({ kind: "empty" });
  });
});
