// A shared "now" in Unix seconds that ticks once a second, for countdowns and "12 s ago". It
// reads the local clock only; nothing is fetched.
import { nowSeconds } from "./time";

class Clock {
  #now = $state(nowSeconds());
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    // Tick from the start: a lazily started clock would hand its first reader the time the
    // module loaded (a countdown opened minutes later showed more than five minutes left).
    this.#start();
  }

  /** The current second; reading it inside a component makes that component tick. */
  get now(): number {
    this.#start();
    return this.#now;
  }

  #start(): void {
    if (this.#timer !== undefined || typeof window === "undefined") return;
    this.#timer = setInterval(() => {
      this.#now = nowSeconds();
    }, 1000);
  }
}

export const clock = new Clock();
