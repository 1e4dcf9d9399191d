// The UI reflects what the backend reports instead of polling: Rust forwards every `CoreEvent`
// on one Tauri event, and components subscribe here.
import { listen } from "@tauri-apps/api/event";
import { CORE_EVENT, type CoreEvent } from "./bindings";

/**
 * Calls `handler` with each core event until the returned function is called. Safe to call
 * from a Svelte `$effect`: stopping before the subscription is established still unsubscribes.
 * `onError` hears when subscribing failed, so the page can say it will not update by itself.
 */
export function onCoreEvent(
  handler: (event: CoreEvent) => void,
  onError: (error: unknown) => void,
): () => void {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  listen<CoreEvent>(CORE_EVENT, (event) => handler(event.payload)).then(
    (stop) => {
      if (stopped) {
        stop();
      } else {
        unlisten = stop;
      }
    },
    (error: unknown) => {
      if (!stopped) onError(error);
    },
  );
  return () => {
    stopped = true;
    unlisten?.();
  };
}
