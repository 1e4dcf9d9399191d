import { describe, expect, it } from "vitest";
import type { ApiError } from "./bindings";
import { FileImport, fileBytes } from "./fileImport.svelte";

const file = (text: string) => new File([text], "codes.csv");
const refusal: ApiError = { code: "Validation", message: "Not a spreadsheet.", detail: null, fields: [] };

describe("fileBytes", () => {
  it("sends a file's bytes as plain numbers", async () => {
    expect(await fileBytes(new Blob(["a,b\n"]))).toEqual([97, 44, 98, 10]);
  });
});

describe("FileImport", () => {
  it("saves exactly the bytes it previewed", async () => {
    const flow = new FileImport<number, string>();
    expect(await flow.read(file("a,b"), async (_name, bytes) => bytes.length)).toBe(true);
    expect(flow.phase).toBe("preview");
    expect(flow.preview).toBe(3);
    let sent: number[] = [];
    expect(await flow.save(async (name, bytes) => ((sent = bytes), name))).toBe(true);
    expect(flow.phase).toBe("done");
    expect(flow.result).toBe("codes.csv");
    expect(String.fromCharCode(...sent)).toBe("a,b");
  });

  it("returns to the picker with the reason when a file is refused, before or after reading", async () => {
    const flow = new FileImport<number, string>();
    expect(await flow.read(file("x"), async () => Promise.reject(refusal))).toBe(false);
    expect(flow).toMatchObject({ phase: "pick", preview: null, error: refusal });
    let checked = false;
    const tooLarge = async () => Promise.reject(refusal);
    expect(await flow.read(file("x"), async () => ((checked = true), 1), tooLarge)).toBe(false);
    expect(checked).toBe(false);
    expect(flow.phase).toBe("pick");
  });

  it("keeps the preview when a save fails, so the seller can try again", async () => {
    const flow = new FileImport<number, string>();
    await flow.read(file("x"), async () => 1);
    expect(await flow.save(async () => Promise.reject(refusal))).toBe(false);
    expect(flow).toMatchObject({ phase: "preview", preview: 1, error: refusal, result: null });
    expect(await flow.save(async () => "ok")).toBe(true);
  });

  it("saves nothing without a preview, and reads nothing while busy", async () => {
    const flow = new FileImport<number, string>();
    expect(await flow.save(async () => "never")).toBe(false);
    let release!: (n: number) => void;
    let asked!: () => void;
    const checking = new Promise<void>((r) => (asked = r));
    const first = flow.read(file("x"), () => {
      asked();
      return new Promise((r) => (release = r));
    });
    await checking;
    expect(flow.busy).toBe(true);
    expect(await flow.read(file("y"), async () => 2)).toBe(false);
    release(1);
    expect(await first).toBe(true);
    expect(flow.fileName).toBe("codes.csv");
    flow.reset();
    expect(flow).toMatchObject({ phase: "pick", fileName: "", preview: null, error: null });
  });
});
