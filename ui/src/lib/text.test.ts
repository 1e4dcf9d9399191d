import { describe, expect, it } from "vitest";
import { asSentence, plural } from "./text";

describe("asSentence", () => {
  it("capitalises and closes messages that come in lower case", () => {
    expect(asSentence("the authorization was denied in the browser (access_denied)")).toBe(
      "The authorization was denied in the browser (access_denied).",
    );
    expect(asSentence("Get Auth was cancelled")).toBe("Get Auth was cancelled.");
    expect(asSentence("Already a sentence.")).toBe("Already a sentence.");
    expect(asSentence("Ends in a bracket (see the log.)")).toBe("Ends in a bracket (see the log.)");
    expect(asSentence("")).toBe("");
  });
});

describe("plural", () => {
  it("picks the form", () => {
    expect(plural(1, "order")).toBe("1 order");
    expect(plural(2, "order")).toBe("2 orders");
  });
});
