import type { NonFocusState, SessionReport } from "../report/report-types.js";
import {
  type Coach,
  type Coaching,
  type CoachingFigures,
  coachingFigures,
  mainDistraction,
} from "./coach.js";

// Thresholds a learner can read as advice: 80 % focused is a strong session, under 60 % a hard one; a
// drop of 15 points between halves is fatigue rather than noise.
const STRONG_PCT = 80;
const GOOD_PCT = 60;
const FADE_POINTS = 15;
// Resting blink rates are about 15–20 a minute; screen work lowers them, tiredness raises them.
const BLINKS_HIGH = 25;
const BLINKS_LOW = 5;

/** Coaching without a model: a summary sentence and at most two tips, chosen from the figures. */
export class RuleCoach implements Coach {
  async coach(report: SessionReport, language: string): Promise<Coaching> {
    const speaks = language in phrases ? language : "en";
    return {
      text: ruleText(coachingFigures(report), phrases[speaks] as Phrases),
      language: speaks,
      source: "rules",
    };
  }
}

export function ruleText(f: CoachingFigures, p: Phrases): string {
  if (f.focusPct === null || f.trackedMinutes === 0) return p.nothingTracked;
  const lines = [
    f.focusPct >= STRONG_PCT
      ? p.summary.strong(f)
      : f.focusPct >= GOOD_PCT
        ? p.summary.good(f)
        : p.summary.hard(f),
  ];
  const tips: string[] = [];
  const main = mainDistraction(f);
  if (main) tips.push(p.tip[main](f));
  const { firstHalfFocusPct: first, secondHalfFocusPct: second } = f;
  if (first !== null && second !== null && first - second >= FADE_POINTS) tips.push(p.faded(f));
  if (f.blinksPerMinute !== null && f.blinksPerMinute > BLINKS_HIGH)
    tips.push(p.blinksHigh(f.blinksPerMinute));
  if (f.blinksPerMinute !== null && f.blinksPerMinute < BLINKS_LOW) tips.push(p.blinksLow(f.blinksPerMinute));
  if (tips.length === 0) tips.push(p.keepGoing(f));
  return [...lines, ...tips.slice(0, 2)].join(" ");
}

/** One language's sentences for the rule-based coach; each reads the figures it mentions. */
export interface Phrases {
  nothingTracked: string;
  summary: {
    strong: (f: CoachingFigures) => string;
    good: (f: CoachingFigures) => string;
    hard: (f: CoachingFigures) => string;
  };
  tip: Record<NonFocusState, (f: CoachingFigures) => string>;
  faded: (f: CoachingFigures) => string;
  blinksHigh: (rate: number) => string;
  blinksLow: (rate: number) => string;
  keepGoing: (f: CoachingFigures) => string;
}

const n = (v: number | null) => String(v ?? 0);

const en: Phrases = {
  nothingTracked: "Nothing was tracked in this session yet, so there is no feedback to give.",
  summary: {
    strong: (f) => `Strong session: you were focused ${n(f.focusPct)}% of ${n(f.trackedMinutes)} minutes.`,
    good: (f) =>
      `Solid session: focused ${n(f.focusPct)}% of ${n(f.trackedMinutes)} minutes, with room to grow.`,
    hard: (f) => `A hard session: focused only ${n(f.focusPct)}% of ${n(f.trackedMinutes)} minutes.`,
  },
  tip: {
    drowsy: (f) =>
      `Your eyes stayed closed ${n(f.episodes.drowsy)} times (${n(f.minutes.drowsy)} min): stand up, drink water or get some air, and keep an eye on your sleep.`,
    yawning: (f) =>
      `You yawned ${n(f.episodes.yawning)} times: air the room or take a five-minute walk before the next block.`,
    distracted: (f) =>
      `You looked away ${n(f.episodes.distracted)} times (${n(f.minutes.distracted)} min): put the phone out of reach and close tabs you do not need.`,
    absent: (f) =>
      `You were away from the desk for ${n(f.minutes.absent)} min: plan breaks on purpose and pause the session when you leave.`,
  },
  faded: (f) =>
    `Focus fell from ${n(f.firstHalfFocusPct)}% in the first half to ${n(f.secondHalfFocusPct)}% in the second: try 25–50 minute blocks with short breaks.`,
  blinksHigh: (rate) =>
    `You blinked ${rate} times a minute, a sign of tired eyes: rest them for 20 seconds every 20 minutes.`,
  blinksLow: (rate) =>
    `You blinked only ${rate} times a minute, typical of staring at a screen: look into the distance now and then.`,
  keepGoing: (f) => `Your longest focused stretch was ${n(f.longestFocusMinutes)} minutes; keep that rhythm.`,
};

const ko: Phrases = {
  nothingTracked: "이번 세션에서는 아직 측정된 내용이 없어 피드백을 드릴 수 없습니다.",
  summary: {
    strong: (f) => `훌륭한 세션입니다: ${n(f.trackedMinutes)}분 중 ${n(f.focusPct)}% 동안 집중했습니다.`,
    good: (f) =>
      `괜찮은 세션입니다: ${n(f.trackedMinutes)}분 중 ${n(f.focusPct)}% 동안 집중했고, 더 좋아질 여지가 있습니다.`,
    hard: (f) => `힘든 세션이었습니다: ${n(f.trackedMinutes)}분 중 ${n(f.focusPct)}%만 집중했습니다.`,
  },
  tip: {
    drowsy: (f) =>
      `눈을 감은 상태가 ${n(f.episodes.drowsy)}번(${n(f.minutes.drowsy)}분) 있었습니다: 일어나서 물을 마시거나 바람을 쐬고, 수면 시간을 챙기세요.`,
    yawning: (f) =>
      `하품을 ${n(f.episodes.yawning)}번 했습니다: 다음 공부 전에 환기하거나 5분 정도 걸어 보세요.`,
    distracted: (f) =>
      `시선이 ${n(f.episodes.distracted)}번(${n(f.minutes.distracted)}분) 다른 곳을 향했습니다: 휴대폰을 손이 닿지 않는 곳에 두고 필요 없는 탭을 닫으세요.`,
    absent: (f) =>
      `자리를 ${n(f.minutes.absent)}분 비웠습니다: 쉬는 시간을 미리 정하고, 자리를 뜰 때는 세션을 일시 정지하세요.`,
  },
  faded: (f) =>
    `집중도가 전반 ${n(f.firstHalfFocusPct)}%에서 후반 ${n(f.secondHalfFocusPct)}%로 떨어졌습니다: 25~50분 단위로 공부하고 짧게 쉬어 보세요.`,
  blinksHigh: (rate) =>
    `분당 ${rate}회 눈을 깜빡였습니다. 눈이 피로하다는 신호이니 20분마다 20초씩 눈을 쉬게 하세요.`,
  blinksLow: (rate) =>
    `분당 ${rate}회만 눈을 깜빡였습니다. 화면을 오래 응시할 때 흔한 일이니 가끔 먼 곳을 바라보세요.`,
  keepGoing: (f) => `가장 길게 집중한 시간은 ${n(f.longestFocusMinutes)}분이었습니다. 이 리듬을 유지하세요.`,
};

/** Languages the rules speak; any other gets English. */
export const phrases: Readonly<Record<string, Phrases>> = { en, ko };
