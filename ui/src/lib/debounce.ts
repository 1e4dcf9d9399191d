// Collapses bursts of calls into one, `wait` ms after the last: a sync that stores ten pages
// sends ten OrdersChanged events, and the table refetches once.

export interface Debounced {
  (): void;
  /** Drops a pending call (the page is going away). */
  cancel(): void;
}

export function debounce(fn: () => void, wait: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, wait);
  }) as Debounced;
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
