// The Print dialog's view model: which document, on which paper (remembered per document), where
// the PDF goes (opened in the system viewer, or saved as a file the seller names), and the run
// that asks core for it. Pure apart from the injected calls and storage, so the tests drive it.
import type {
  ApiError,
  DocumentKind,
  LabelSize,
  LabelsInput,
  LabelsProgressView,
  PageSize,
  PrintedDocument,
  PrintedLabels,
  PrintInput,
} from "../lib/bindings";
import { LABEL_SIZES, PAGE_SIZES } from "../lib/bindings";
import { toApiError } from "../lib/ipc";
import { formatCount } from "../lib/money";

/** The three documents of the To ship work list. */
export type PrintKind = "labels" | DocumentKind;

export interface PrintChoice {
  kind: PrintKind;
  /** The button in the work list's toolbar. */
  button: string;
  /** The dialog's title. */
  title: string;
  /** One line under the title: what the document is. */
  about: string;
}

export const PRINT_CHOICES: readonly PrintChoice[] = [
  {
    kind: "labels",
    button: "Print labels…",
    title: "Print shipping labels",
    about:
      "TikTok's labels of the arranged TikTok Shipping orders, all in one file. Each label is " +
      "downloaded once and kept, so it prints again offline.",
  },
  {
    kind: "packing_slips",
    button: "Packing slips…",
    title: "Print packing slips",
    about: "One slip per order: the order id and barcode, the address, the items and the buyer's note.",
  },
  {
    kind: "pick_list",
    button: "Pick list…",
    title: "Print a pick list",
    about: "What to take off the shelves for these orders: one line per SKU with its total.",
  },
];

export type PaperSize = LabelSize | PageSize;

const SIZE_LABELS: Record<PaperSize, string> = {
  a6: "A6 (TikTok's default)",
  a5: "A5",
  "4x6": "4 × 6 in (label printer)",
  a4: "A4",
  letter: "US Letter",
};

/** The sizes a document can be printed on, in the order offered. */
export function sizesFor(kind: PrintKind): { value: PaperSize; label: string }[] {
  const values: readonly PaperSize[] = kind === "labels" ? LABEL_SIZES : PAGE_SIZES;
  return values.map((value) => ({ value, label: SIZE_LABELS[value] }));
}

/** What remembers the seller's choices (localStorage in the window). */
export interface ChoiceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const sizeKey = (kind: PrintKind) => `shopdock.print.size.${kind}`;
const DESTINATION_KEY = "shopdock.print.destination";
const SAVE_FOLDER_KEY = "shopdock.print.folder";

/** The size last used for `kind`, else its first (labels: TikTok's A6; documents: 4×6). */
export function rememberedSize(kind: PrintKind, store: ChoiceStore): PaperSize {
  const saved = store.getItem(sizeKey(kind));
  const sizes = sizesFor(kind);
  return sizes.find((s) => s.value === saved)?.value ?? sizes[0]?.value ?? "a6";
}

/** Where the PDF goes: opened in the system's PDF viewer, or saved as a named file. */
export type Destination = "open" | "save";

export function rememberedDestination(store: ChoiceStore): Destination {
  return store.getItem(DESTINATION_KEY) === "save" ? "save" : "open";
}

/** A file name in the folder last saved to (empty when none was). */
export function suggestedPath(kind: PrintKind, store: ChoiceStore): string {
  const folder = store.getItem(SAVE_FOLDER_KEY);
  if (!folder) return "";
  const name = kind === "labels" ? "labels" : kind.replace("_", "-");
  return `${folder.replace(/\/+$/, "")}/${name}.pdf`;
}

export function remember(
  kind: PrintKind,
  size: PaperSize,
  destination: Destination,
  path: string,
  store: ChoiceStore,
): void {
  store.setItem(sizeKey(kind), size);
  store.setItem(DESTINATION_KEY, destination);
  const folder = path.trim().replace(/\/[^/]*$/, "");
  if (destination === "save" && folder !== "") store.setItem(SAVE_FOLDER_KEY, folder);
}

/** Why the choices cannot be printed as they are, or null. */
export function checkChoices(destination: Destination, path: string): string | null {
  if (destination !== "save") return null;
  const p = path.trim();
  if (p === "") return "Type where to save the PDF, e.g. /home/you/Documents/labels.pdf.";
  if (!p.toLowerCase().endsWith(".pdf")) return "The file name must end in .pdf.";
  return null;
}

/** A print's end, as the dialog shows it. */
export type PrintOutcome =
  | { kind: "labels"; printed: PrintedLabels; opened: ApiError | null }
  | { kind: DocumentKind; printed: PrintedDocument; opened: ApiError | null }
  | { kind: PrintKind; error: ApiError };

/** What a run needs from core. */
export interface PrintCalls {
  printLabels(input: LabelsInput): Promise<PrintedLabels>;
  printDocuments(input: PrintInput): Promise<PrintedDocument>;
  openDocument(path: string): Promise<unknown>;
}

export interface PrintRequest {
  kind: PrintKind;
  orderIds: string[];
  size: PaperSize;
  destination: Destination;
  path: string;
  /** Names the label print for its progress events and Cancel. */
  jobId: string;
}

function isLabelSize(size: PaperSize): size is LabelSize {
  return (LABEL_SIZES as readonly string[]).includes(size);
}

/**
 * Prints the picked orders' document as one file, then opens it when asked. A failure to open
 * keeps the printed file (its path is shown); a failure to print is the outcome's error.
 */
export async function runPrint(request: PrintRequest, calls: PrintCalls): Promise<PrintOutcome> {
  const path = request.destination === "save" ? request.path.trim() : null;
  let printedPath: string;
  let outcome: PrintOutcome;
  try {
    if (request.kind === "labels") {
      const size = isLabelSize(request.size) ? request.size : "a6";
      const printed = await calls.printLabels({
        shop_id: null,
        order_ids: request.orderIds,
        status_group: null,
        size,
        path,
        job_id: request.jobId,
      });
      printedPath = printed.path;
      outcome = { kind: "labels", printed, opened: null };
    } else {
      const size = isLabelSize(request.size) ? "4x6" : request.size;
      const printed = await calls.printDocuments({
        shop_id: null,
        order_ids: request.orderIds,
        status_group: null,
        kind: request.kind,
        size,
        path,
      });
      printedPath = printed.path;
      outcome = { kind: request.kind, printed, opened: null };
    }
  } catch (error) {
    return { kind: request.kind, error: toApiError(error) };
  }
  if (request.destination === "open") {
    try {
      await calls.openDocument(printedPath);
    } catch (error) {
      outcome.opened = toApiError(error);
    }
  }
  return outcome;
}

/** The progress line of a label print. */
export function progressText(progress: LabelsProgressView | null, orders: number): string {
  if (progress === null) return `Preparing the labels of ${formatCount(orders)} ${plural(orders, "order")}…`;
  const done = `${formatCount(progress.done)} of ${formatCount(progress.total)} ${plural(progress.total, "order")}`;
  if (progress.generating > 0) {
    return `${done} · TikTok is still generating ${formatCount(progress.generating)} ${plural(progress.generating, "label")}; trying again shortly…`;
  }
  return `${done}…`;
}

/** What was written, in one sentence. */
export function resultText(outcome: PrintOutcome): string {
  if ("error" in outcome) return outcome.error.message;
  if (outcome.kind === "labels") {
    const p = outcome.printed;
    return `${formatCount(p.labels)} ${plural(p.labels, "label")} for ${formatCount(p.orders)} ${plural(p.orders, "order")}, ${formatCount(p.pages)} ${plural(p.pages, "page")} (${p.size.toUpperCase()}).`;
  }
  const d = outcome.printed;
  const what = d.kind === "pick_list" ? "A pick list" : "Packing slips";
  return `${what} for ${formatCount(d.orders)} ${plural(d.orders, "order")}, ${formatCount(d.pages)} ${plural(d.pages, "page")}.`;
}

/** The orders left out of a label print, each with what to do instead. */
export function missingLines(outcome: PrintOutcome): { orderId: string; message: string }[] {
  if ("error" in outcome || outcome.kind !== "labels") return [];
  return outcome.printed.missing.map((m) => ({ orderId: m.order_id, message: m.message }));
}

/** The written file's path, when there is one. */
export function printedPath(outcome: PrintOutcome): string | null {
  return "error" in outcome ? null : outcome.printed.path;
}

/** A job id for one label print. */
export function newJobId(random: () => number = Math.random): string {
  return `print-${Date.now().toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
