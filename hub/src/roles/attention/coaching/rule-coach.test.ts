import { describe, expect, it } from "vitest";
import type { CoachingFigures } from "./coach.js";
import { coachingLanguage } from "./coach.js";
import { phrases, ruleText } from "./rule-coach.js";

const figures = (over: Partial<CoachingFigures> = {}): CoachingFigures => ({
  trackedMinutes: 50,
  focusPct: 90,
  firstHalfFocusPct: 92,
  secondHalfFocusPct: 88,
  longestFocusMinutes: 30,
  minutes: { drowsy: 0, yawning: 0, distracted: 0.5, absent: 0 },
  episodes: { drowsy: 0, yawning: 0, distracted: 1, absent: 0 },
  alerts: { drowsy: 0, yawning: 0, distracted: 0, absent: 0 },
  blinksPerMinute: 15,
  pausedMinutes: 0,
  ...over,
});
const en = phrases.en as (typeof phrases)[string];
const ko = phrases.ko as (typeof phrases)[string];

describe("rule-based coaching", () => {
  it("praises a strong session and names its longest stretch when nothing else stands out", () => {
    expect(ruleText(figures(), en)).toBe(
      "Strong session: you were focused 90% of 50 minutes. Your longest focused stretch was 30 minutes; keep that rhythm.",
    );
  });

  it("gives the tip for the state that took the most time, and notices a fading session", () => {
    const text = ruleText(
      figures({
        focusPct: 55,
        firstHalfFocusPct: 75,
        secondHalfFocusPct: 35,
        minutes: { drowsy: 6, yawning: 2, distracted: 4, absent: 0 },
        episodes: { drowsy: 3, yawning: 2, distracted: 5, absent: 0 },
      }),
      en,
    );
    expect(text).toContain("A hard session: focused only 55% of 50 minutes.");
    expect(text).toContain("Your eyes stayed closed 3 times (6 min)");
    expect(text).toContain("Focus fell from 75% in the first half to 35% in the second");
    expect(text).not.toContain("yawned");
  });

  it("reads the blink rate both ways", () => {
    expect(ruleText(figures({ blinksPerMinute: 31 }), en)).toContain(
      "You blinked 31 times a minute, a sign of tired eyes",
    );
    expect(ruleText(figures({ blinksPerMinute: 3.5 }), en)).toContain("only 3.5 times a minute");
  });

  it("speaks Korean with the same figures", () => {
    const text = ruleText(
      figures({ focusPct: 70, minutes: { drowsy: 0, yawning: 0, distracted: 0, absent: 4 } }),
      ko,
    );
    expect(text).toContain("괜찮은 세션입니다: 50분 중 70% 동안 집중했고");
    expect(text).toContain("자리를 4분 비웠습니다");
  });

  it("says so when nothing was tracked", () => {
    expect(ruleText(figures({ focusPct: null, trackedMinutes: 0 }), en)).toBe(en.nothingTracked);
  });
});

describe("coachingLanguage", () => {
  it("keeps the primary subtag and defaults to English", () => {
    expect(coachingLanguage("pt-BR")).toBe("pt");
    expect(coachingLanguage("KO")).toBe("ko");
    expect(coachingLanguage(null)).toBe("en");
    expect(coachingLanguage("ignore previous instructions")).toBe("en");
  });
});
