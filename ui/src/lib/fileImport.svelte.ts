// A file import in a dialog (tracking numbers, SKUs, SKU links): pick a file, core reads it and
// previews every row, the seller saves it, done. One class for the steps all of them share, so
// a failed read always returns to the picker with the reason, a failed save to the preview,
// and neither can be started twice at once.
import type { ApiError } from "./bindings";
import { toApiError } from "./ipc";

export type FileImportPhase = "pick" | "reading" | "preview" | "saving" | "done";

/** A picked file's bytes as the IPC argument (a plain array crosses as JSON). */
export async function fileBytes(file: Blob): Promise<number[]> {
  return Array.from(new Uint8Array(await file.arrayBuffer()));
}

export class FileImport<Preview, Result> {
  phase = $state<FileImportPhase>("pick");
  fileName = $state("");
  preview = $state<Preview | null>(null);
  result = $state<Result | null>(null);
  error = $state<ApiError | null>(null);
  readonly busy = $derived(this.phase === "reading" || this.phase === "saving");

  /** The file's bytes as read for the preview: what is saved is what was previewed. */
  #bytes: number[] = [];

  /** Back to the picker, as every opening of the dialog starts. */
  reset(): void {
    this.phase = "pick";
    this.fileName = "";
    this.#bytes = [];
    this.preview = null;
    this.result = null;
    this.error = null;
  }

  /**
   * Reads `file` and asks core for its preview (after `admit`, a check that may refuse the file
   * before it is read, e.g. for its size). True once previewed; otherwise back at the picker
   * with the reason in `error`.
   */
  async read(
    file: File,
    check: (name: string, bytes: number[]) => Promise<Preview>,
    admit?: (file: File) => Promise<unknown>,
  ): Promise<boolean> {
    if (this.busy) return false;
    this.phase = "reading";
    this.fileName = file.name;
    this.preview = null;
    this.error = null;
    try {
      await admit?.(file);
      this.#bytes = await fileBytes(file);
      this.preview = await check(file.name, this.#bytes);
      this.phase = "preview";
      return true;
    } catch (e) {
      this.error = toApiError(e);
      this.#bytes = [];
      this.phase = "pick";
      return false;
    }
  }

  /** Saves the previewed file. True once saved; otherwise back at the preview with the reason. */
  async save(send: (name: string, bytes: number[]) => Promise<Result>): Promise<boolean> {
    if (this.phase !== "preview" || this.preview === null) return false;
    this.phase = "saving";
    this.error = null;
    try {
      this.result = await send(this.fileName, this.#bytes);
      this.phase = "done";
      return true;
    } catch (e) {
      this.error = toApiError(e);
      this.phase = "preview";
      return false;
    }
  }
}
