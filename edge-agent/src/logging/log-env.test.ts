import { describe, expect, it } from "vitest";
import { LogEnvError, logSettings } from "./log-env.js";

describe("logSettings", () => {
  it("defaults to info, pretty on a terminal and JSON otherwise", () => {
    expect(logSettings({}, true)).toEqual({ level: "info", format: "pretty", colorize: true });
    expect(logSettings({}, false)).toEqual({ level: "info", format: "json", colorize: false });
  });

  it("takes LOG_LEVEL and LOG_FORMAT in any case, and an empty value as unset", () => {
    expect(logSettings({ LOG_LEVEL: "DEBUG", LOG_FORMAT: "Pretty" }, false)).toEqual({
      level: "debug",
      format: "pretty",
      colorize: false,
    });
    expect(logSettings({ LOG_LEVEL: "", LOG_FORMAT: " " }, false)).toMatchObject({
      level: "info",
      format: "json",
    });
    expect(logSettings({ LOG_FORMAT: "json" }, true).format).toBe("json");
  });

  it("leaves colours off when NO_COLOR is set", () => {
    expect(logSettings({ NO_COLOR: "1" }, true)).toMatchObject({ format: "pretty", colorize: false });
  });

  it("names the variable and its choices when a value is unknown", () => {
    expect(() => logSettings({ LOG_LEVEL: "verbose" }, false)).toThrow(LogEnvError);
    expect(() => logSettings({ LOG_LEVEL: "verbose" }, false)).toThrow(
      "LOG_LEVEL=verbose: must be one of trace, debug, info, warn, error, fatal, silent",
    );
    expect(() => logSettings({ LOG_FORMAT: "xml" }, false)).toThrow(
      "LOG_FORMAT=xml: must be one of json, pretty",
    );
  });
});
