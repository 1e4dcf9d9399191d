import { describe, expect, it } from "vitest";
import { prettyJson, readJson, str } from "./json";

describe("prettyJson", () => {
  it("indents objects and arrays, and keeps empty ones on one line", () => {
    expect(prettyJson('{"a":1,"b":[true,null],"c":{},"d":[]}')).toBe(
      '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ],\n  "c": {},\n  "d": []\n}',
    );
  });

  it("keeps every digit of numbers that a JavaScript number would round", () => {
    const raw = '{"id":576653688135258178,"amount":0.10}';
    expect(prettyJson(raw)).toContain('"id": 576653688135258178');
    expect(prettyJson(raw)).toContain('"amount": 0.10');
  });

  it("leaves strings alone, escapes and structural characters included", () => {
    const raw = '{"note":"a, b: {c} [d] \\"q\\" \\\\","x":"  spaced  "}';
    const pretty = prettyJson(raw);
    expect(pretty).toContain('"note": "a, b: {c} [d] \\"q\\" \\\\"');
    expect(pretty).toContain('"x": "  spaced  "');
    expect(JSON.parse(pretty)).toEqual(JSON.parse(raw));
  });

  it("re-indents already pretty JSON the same way", () => {
    const once = prettyJson('{"a":[1,2]}');
    expect(prettyJson(once)).toBe(once);
  });
});

describe("readJson and str", () => {
  it("read strings only and never throw", () => {
    expect(readJson("{oops")).toBeNull();
    const object = readJson('{"a":"x","b":" ","c":5}') as Record<string, unknown>;
    expect(str(object, "a")).toBe("x");
    expect(str(object, "b")).toBeNull();
    expect(str(object, "c")).toBeNull();
    expect(str(null, "a")).toBeNull();
  });
});
