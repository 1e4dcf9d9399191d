import { describe, expect, it } from "vitest";
import type {
  ApiError,
  LabelsInput,
  PrintedDocument,
  PrintedLabels,
  PrintInput,
} from "../lib/bindings";
import {
  checkChoices,
  missingLines,
  newJobId,
  printedPath,
  progressText,
  remember,
  rememberedDestination,
  rememberedSize,
  resultText,
  runPrint,
  sizesFor,
  suggestedPath,
  type ChoiceStore,
  type PrintCalls,
  type PrintRequest,
} from "./print";

function memory(): ChoiceStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  };
}

const labels: PrintedLabels = {
  path: "/data/documents/labels-1.pdf",
  size: "a6",
  pages: 2,
  orders: 2,
  labels: 2,
  bytes: 2048,
  missing: [
    {
      shop_id: "s1",
      order_id: "C",
      reason: "seller_shipping",
      message: "This order is shipped by the seller, so TikTok has no label for it: print your carrier's label.",
    },
  ],
};

const pickList: PrintedDocument = {
  path: "/data/documents/pick-list-1.pdf",
  kind: "pick_list",
  pages: 1,
  orders: 3,
  bytes: 4096,
};

/** Calls that record what they were asked and answer as given. */
function calls(answer: { labels?: PrintedLabels; document?: PrintedDocument; fail?: ApiError; openFails?: ApiError }) {
  const asked: { labels: LabelsInput[]; documents: PrintInput[]; opened: string[] } = {
    labels: [],
    documents: [],
    opened: [],
  };
  const c: PrintCalls = {
    printLabels: (input) => {
      asked.labels.push(input);
      return answer.fail ? Promise.reject(answer.fail) : Promise.resolve(answer.labels ?? labels);
    },
    printDocuments: (input) => {
      asked.documents.push(input);
      return answer.fail ? Promise.reject(answer.fail) : Promise.resolve(answer.document ?? pickList);
    },
    openDocument: (path) => {
      asked.opened.push(path);
      return answer.openFails ? Promise.reject(answer.openFails) : Promise.resolve();
    },
  };
  return { c, asked };
}

const request = (over: Partial<PrintRequest>): PrintRequest => ({
  kind: "labels",
  orderIds: ["A", "B", "C"],
  size: "a6",
  destination: "open",
  path: "",
  jobId: "job-1",
  ...over,
});

describe("print dialog", () => {
  it("offers TikTok's two label sizes for labels and the three papers for Shopdock's documents", () => {
    expect(sizesFor("labels").map((s) => s.value)).toEqual(["a6", "a5"]);
    expect(sizesFor("pick_list").map((s) => s.value)).toEqual(["4x6", "a4", "letter"]);
  });

  it("remembers the size per document, the destination and the folder saved to", () => {
    const store = memory();
    expect(rememberedSize("labels", store)).toBe("a6");
    expect(rememberedSize("pick_list", store)).toBe("4x6");
    expect(rememberedDestination(store)).toBe("open");
    remember("labels", "a5", "save", "/home/me/Documents/out.pdf", store);
    remember("pick_list", "a4", "open", "", store);
    expect(rememberedSize("labels", store)).toBe("a5");
    expect(rememberedSize("pick_list", store)).toBe("a4");
    expect(rememberedSize("packing_slips", store)).toBe("4x6");
    expect(rememberedDestination(store)).toBe("open");
    expect(suggestedPath("pick_list", store)).toBe("/home/me/Documents/pick-list.pdf");
    // A size that is not offered (an older version's word) falls back to the default.
    store.setItem("shopdock.print.size.labels", "4x6");
    expect(rememberedSize("labels", store)).toBe("a6");
  });

  it("asks for a PDF file name only when saving", () => {
    expect(checkChoices("open", "")).toBeNull();
    expect(checkChoices("save", " ")).toMatch(/where to save/);
    expect(checkChoices("save", "/tmp/labels.txt")).toMatch(/\.pdf/);
    expect(checkChoices("save", "/tmp/Labels.PDF")).toBeNull();
  });

  it("prints the picked orders' labels in one call with the job id, then opens the file", async () => {
    const { c, asked } = calls({});
    const outcome = await runPrint(request({ size: "a5" }), c);
    expect(asked.labels).toEqual([
      {
        shop_id: null,
        order_ids: ["A", "B", "C"],
        status_group: null,
        size: "a5",
        path: null,
        job_id: "job-1",
      },
    ]);
    expect(asked.opened).toEqual([labels.path]);
    expect(resultText(outcome)).toBe("2 labels for 2 orders, 2 pages (A6).");
    expect(missingLines(outcome)).toEqual([
      { orderId: "C", message: expect.stringContaining("print your carrier's label") },
    ]);
  });

  it("saves a pick list where the seller said without opening it", async () => {
    const { c, asked } = calls({});
    const outcome = await runPrint(
      request({ kind: "pick_list", size: "letter", destination: "save", path: " /tmp/pick.pdf " }),
      c,
    );
    expect(asked.documents[0]).toMatchObject({ kind: "pick_list", size: "letter", path: "/tmp/pick.pdf" });
    expect(asked.opened).toEqual([]);
    expect(printedPath(outcome)).toBe(pickList.path);
    expect(resultText(outcome)).toBe("A pick list for 3 orders, 1 page.");
    expect(missingLines(outcome)).toEqual([]);
  });

  it("keeps a failed print's error, and a file that did not open keeps its path", async () => {
    const refusal: ApiError = { code: "NotFound", message: "No TikTok label to print.", detail: null, fields: [] };
    const failed = await runPrint(request({}), calls({ fail: refusal }).c);
    expect(failed).toEqual({ kind: "labels", error: refusal });
    expect(printedPath(failed)).toBeNull();
    expect(resultText(failed)).toBe("No TikTok label to print.");

    const noViewer: ApiError = { code: "Internal", message: "No PDF viewer.", detail: null, fields: [] };
    const unopened = await runPrint(request({ kind: "packing_slips" }), calls({ openFails: noViewer }).c);
    expect(printedPath(unopened)).toBe(pickList.path);
    expect("opened" in unopened && unopened.opened).toEqual(noViewer);
  });

  it("says how far a label print is and when TikTok is still generating", () => {
    expect(progressText(null, 200)).toBe("Preparing the labels of 200 orders…");
    expect(progressText({ job_id: "j", done: 3, total: 200, generating: 0 }, 200)).toBe("3 of 200 orders…");
    expect(progressText({ job_id: "j", done: 3, total: 200, generating: 1 }, 200)).toMatch(
      /3 of 200 orders · TikTok is still generating 1 label;/,
    );
  });

  it("names each label print uniquely", () => {
    let n = 0;
    const random = () => (n += 0.1);
    expect(newJobId(random)).not.toBe(newJobId(random));
  });
});
