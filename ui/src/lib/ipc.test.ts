import { describe, expect, it } from "vitest";
import { toApiError } from "./ipc";

describe("toApiError", () => {
  it("keeps the ApiError that a Shopdock command rejected with", () => {
    expect(
      toApiError({ code: "RateLimited", message: "TikTok asked us to slow down.", detail: "36009002" }),
    ).toEqual({
      code: "RateLimited",
      message: "TikTok asked us to slow down.",
      detail: "36009002",
      fields: [],
    });
    const fields = [{ field: "app_key", message: "The app key is empty." }];
    expect(toApiError({ code: "Validation", message: "Check the form.", fields })).toEqual({
      code: "Validation",
      message: "Check the form.",
      detail: null,
      fields,
    });
  });

  it("wraps anything else as Internal, keeping the original text as detail", () => {
    expect(toApiError("Command list_shops not allowed by ACL")).toMatchObject({
      code: "Internal",
      detail: "Command list_shops not allowed by ACL",
    });
    expect(toApiError(new Error("boom")).detail).toBe("boom");
    expect(toApiError({ message: 1 }).code).toBe("Internal");
  });
});
