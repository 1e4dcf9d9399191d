// The Settings screen's state: the seller's choices as Rust keeps them (a JSON file in the
// config folder), saved one change at a time; a change that could not be saved goes back to
// what Rust has and says why. The API is injected for the tests.
import type {
  ApiError,
  Folder,
  PollIntervalView,
  SettingsInput,
  SettingsView,
} from "../lib/bindings";
import { toApiError } from "../lib/ipc";

export interface SettingsApi {
  appSettings(): Promise<SettingsView>;
  setAppSettings(input: SettingsInput): Promise<SettingsView>;
  openFolder(folder: Folder): Promise<null>;
  defaultPollInterval(): Promise<PollIntervalView>;
  setPollIntervalEverywhere(secs: number): Promise<PollIntervalView>;
}

/** Core's bounds for a poll interval, in seconds. */
export const MIN_POLL_SECS = 5;
export const MAX_POLL_SECS = 24 * 3600;

/** The seconds the seller typed; null when it is not a whole number within core's bounds. */
export function pollSeconds(typed: string): number | null {
  const text = typed.trim();
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= MIN_POLL_SECS && value <= MAX_POLL_SECS ? value : null;
}

/** The choices with one of them changed. */
export function withChange<K extends keyof SettingsInput>(
  current: SettingsInput,
  key: K,
  value: SettingsInput[K],
): SettingsInput {
  return { ...current, [key]: value };
}

export class SettingsModel {
  view: SettingsView | null = $state(null);
  error: ApiError | null = $state(null);
  /** The setting being saved (its control waits). */
  saving: keyof SettingsInput | null = $state(null);

  readonly #api: SettingsApi;

  constructor(api: SettingsApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    try {
      this.view = await this.#api.appSettings();
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** Saves one choice; on failure the control shows Rust's value again. */
  async change<K extends keyof SettingsInput>(key: K, value: SettingsInput[K]): Promise<void> {
    const view = this.view;
    if (view === null || this.saving !== null) return;
    this.saving = key;
    try {
      this.view = await this.#api.setAppSettings(withChange(view.settings, key, value));
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
      // Reassigned so the bound control returns to the saved value.
      this.view = { ...view, settings: { ...view.settings } };
    } finally {
      this.saving = null;
    }
  }

  /** The poll interval every shop uses and new shops start with (seconds, as typed). */
  pollSecs = $state("");
  /** What the last "Apply to every shop" did, for the line under it. */
  pollOutcome: string | null = $state(null);

  async loadPoll(): Promise<void> {
    try {
      this.pollSecs = String((await this.#api.defaultPollInterval()).poll_interval_secs);
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** Sets every shop's poll interval and new shops' default, all or none (core checks it too). */
  async applyPoll(): Promise<void> {
    const secs = pollSeconds(this.pollSecs);
    if (secs === null) {
      this.pollOutcome = `Type whole seconds, from ${MIN_POLL_SECS} to ${MAX_POLL_SECS} (a day).`;
      return;
    }
    try {
      const set = await this.#api.setPollIntervalEverywhere(secs);
      const shops = set.shops === 1 ? "The shop checks" : `All ${set.shops} shops check`;
      this.pollOutcome =
        set.shops === 0
          ? `Shops you add will check every ${set.poll_interval_secs} s.`
          : `${shops} every ${set.poll_interval_secs} s; shops you add will too.`;
      this.error = null;
    } catch (error) {
      this.pollOutcome = null;
      this.error = toApiError(error);
    }
  }

  async open(folder: Folder): Promise<void> {
    try {
      await this.#api.openFolder(folder);
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }
}
