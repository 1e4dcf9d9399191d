// The Backups card: the automatic daily backups (seven kept) and "Back up now". The API is
// injected for the tests.
import type { ApiError, BackupView, Folder } from "../lib/bindings";
import { toApiError } from "../lib/ipc";

export interface BackupsApi {
  backups(): Promise<BackupView[]>;
  backupNow(): Promise<BackupView>;
  openFolder(folder: Folder): Promise<null>;
}

/** The file's name without its folder, as the list shows it. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export class BackupsModel {
  /** Newest first; null until loaded. */
  list: BackupView[] | null = $state(null);
  error: ApiError | null = $state(null);
  working = $state(false);
  /** What the last "Back up now" made, for the line under the button. */
  made: BackupView | null = $state(null);

  readonly #api: BackupsApi;

  constructor(api: BackupsApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    try {
      this.list = await this.#api.backups();
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  async backUpNow(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      this.made = await this.#api.backupNow();
      this.error = null;
      await this.load();
    } catch (error) {
      this.made = null;
      this.error = toApiError(error);
    } finally {
      this.working = false;
    }
  }

  async openFolder(): Promise<void> {
    try {
      await this.#api.openFolder("Backups");
    } catch (error) {
      this.error = toApiError(error);
    }
  }
}
