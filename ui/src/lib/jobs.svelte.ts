// A long job per shop (backfill, finance import, product import) as a page shows it, kept from
// the job's progress and stop events. Shared so that every job gets the same answer to the
// race between its start call and its first events.
import type { ApiError } from "./bindings";

/** One shop's job: running from Start until its last progress event or a stop. */
export interface JobState<P> {
  running: boolean;
  progress: P | null;
  /** Why it ended early (cancelled or failed). */
  stopped: ApiError | null;
}

/** What every job's progress event carries. */
export interface JobProgressEvent {
  shop_id: string;
  finished: boolean;
}

export class ShopJobs<P extends JobProgressEvent> {
  byShop: Record<string, JobState<P>> = $state({});

  /** Per shop, how many times its state changed: tells a refused start whether news came. */
  readonly #changes = new Map<string, number>();

  progressed(progress: P): void {
    this.#set(progress.shop_id, { running: !progress.finished, progress, stopped: null });
  }

  stopped(shopId: string, error: ApiError): void {
    const previous = this.byShop[shopId];
    this.#set(shopId, { running: false, progress: previous?.progress ?? null, stopped: error });
  }

  /** A job found running (started before the page listened): its progress comes with the next event. */
  foundRunning(shopId: string): void {
    if (!this.byShop[shopId]) this.#set(shopId, { running: true, progress: null, stopped: null });
  }

  /**
   * A start is being asked for: running from now until the events say otherwise. Marked before
   * the call returns, because a short job's last event can arrive first (marking after it would
   * show "Starting…" for a job that had ended). Returns what undoes the mark if the start is
   * refused, unless an event has told more since. `progress` is what to show until the first
   * event (none: an unknown count).
   */
  starting(shopId: string, progress: P | null = null): () => void {
    const previous = this.byShop[shopId];
    const before = previous === undefined ? undefined : $state.snapshot(previous);
    this.#set(shopId, { running: true, progress, stopped: null });
    const mark = this.#changes.get(shopId);
    return () => {
      if (this.#changes.get(shopId) !== mark) return;
      if (before === undefined) this.dismiss(shopId);
      else this.#set(shopId, before as JobState<P>);
    };
  }

  running(shopId: string): boolean {
    return this.byShop[shopId]?.running === true;
  }

  /** Forgets a finished or stopped job (the seller dismissed it). */
  dismiss(shopId: string): void {
    delete this.byShop[shopId];
    this.#bump(shopId);
  }

  #set(shopId: string, state: JobState<P>): void {
    this.byShop[shopId] = state;
    this.#bump(shopId);
  }

  #bump(shopId: string): void {
    this.#changes.set(shopId, (this.#changes.get(shopId) ?? 0) + 1);
  }
}
