// Get Auth's dialog as a small state machine: what it shows after each answer from core. Pure,
// so every path (connected, choose a shop, failed) is unit-tested.
import type { ApiError, AuthOutcome, AuthSession, ShopCandidate, ShopView } from "../lib/bindings";

export type AuthPhase =
  /** `begin_auth` is on its way. */
  | { kind: "starting" }
  /** The browser is open (or could not be); waiting for the redirect or a paste. */
  | { kind: "waiting"; session: AuthSession }
  /** The pasted address or the chosen shop is being exchanged. */
  | { kind: "connecting" }
  | { kind: "choose"; candidates: ShopCandidate[] }
  | { kind: "failed"; error: ApiError }
  | { kind: "connected"; shop: ShopView };

/** The phase an outcome leads to. */
export function phaseAfter(outcome: AuthOutcome): AuthPhase {
  switch (outcome.kind) {
    case "Connected":
      return { kind: "connected", shop: outcome.shop };
    case "ChooseShop":
      return { kind: "choose", candidates: outcome.candidates };
    case "Failed":
      return { kind: "failed", error: outcome.error };
  }
}

/** Whether an `AuthFinished` event still matters: only while the dialog waits for one. */
export function acceptsOutcome(phase: AuthPhase): boolean {
  return phase.kind === "starting" || phase.kind === "waiting" || phase.kind === "connecting";
}

/** What to do after a failure, in one sentence, by the error's code. */
export function failureAdvice(error: ApiError): string {
  switch (error.code) {
    case "AuthFlow":
    case "Cancelled":
      return "Press Try again, log in to TikTok Shop in the browser and press Authorize within 5 minutes.";
    case "InvalidCredentials":
      return "Check the app key and app secret with Edit (Partner Center > App & Service > your app), then try again.";
    case "ShopNotAuthorized":
    case "ReauthRequired":
      return "Authorize with the TikTok Shop account that owns this shop, or check the Shop ID with Edit.";
    case "Network":
    case "RateLimited":
      return "Check the internet connection, then press Try again.";
    case "SecretStore":
      return "Unlock your system keyring (Passwords and Keys), then press Try again.";
    default:
      return "Press Try again. If it fails again, check the shop's registration with Edit.";
  }
}

/** Seconds left before the wait for the browser ends. */
export function secondsLeft(session: AuthSession, now: number): number {
  return Math.max(0, session.expires_at - now);
}

/** "US · USLCAB12CD": how a candidate shop is told apart. */
export function candidateLine(candidate: ShopCandidate): string {
  return [candidate.region, candidate.code].filter((p) => p.trim() !== "").join(" · ");
}
