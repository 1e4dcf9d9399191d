// The one place that talks to Tauri's `invoke`: every generated command function in
// bindings.ts goes through `call`, so every failure reaches the UI as an `ApiError`.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { ApiError, ErrorCode, FieldError } from "./bindings";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) && typeof value["field"] === "string" && typeof value["message"] === "string"
  );
}

/**
 * Turns whatever a rejected `invoke` carried into an `ApiError`. Shopdock's commands reject
 * with `{code, message, detail}` (the code comes from Rust's `ErrorCode`, so it is trusted);
 * Tauri itself rejects with a bare string (an unknown command, a denied permission, an argument
 * that did not deserialize), which becomes `Internal`.
 */
export function toApiError(error: unknown): ApiError {
  if (
    isRecord(error) &&
    typeof error["code"] === "string" &&
    typeof error["message"] === "string"
  ) {
    const detail = error["detail"];
    const fields = error["fields"];
    return {
      code: error["code"] as ErrorCode,
      message: error["message"],
      detail: typeof detail === "string" ? detail : null,
      fields: Array.isArray(fields) ? fields.filter(isFieldError) : [],
    };
  }
  const text =
    typeof error === "string" ? error : error instanceof Error ? error.message : String(error);
  return {
    code: "Internal",
    message: "Shopdock could not complete the request.",
    detail: text,
    fields: [],
  };
}

/** Invokes a Rust command; rejects with an `ApiError` (never anything else). */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toApiError(error);
  }
}
