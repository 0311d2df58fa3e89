import type { Messages } from "../../../i18n/locale.js";
import { type StateKey, stateMessages } from "../state-messages.js";

type Key =
  | "title"
  | "session.title"
  | "focusPct"
  | "tracked"
  | "paused"
  | "blinkRate"
  | "blinkRateValue"
  | "alertsCount"
  | "timeline"
  | "timelineSummary"
  | "states"
  | "col.state"
  | "col.time"
  | "col.share"
  | "col.episodes"
  | "col.longest"
  | "col.alerts"
  | "perMinute"
  | "perMinuteSummary"
  | "coaching"
  | "coaching.rules"
  | "coaching.model"
  | "overTime"
  | "from"
  | "to"
  | "byHour"
  | "byHourSummary"
  | "byWeekday"
  | "byWeekdaySummary"
  | "daily"
  | "dailySummary"
  | "trend.improving"
  | "trend.declining"
  | "trend.steady"
  | "trend.none"
  | "sessions"
  | "mine"
  | "sessions.empty"
  | "col.started"
  | "col.duration"
  | "open"
  | "close"
  | "halves"
  | "weekdays"
  | StateKey;

export const reportMessages: Messages<Key> = {
  en: {
    ...stateMessages.en,
    title: "Focus reports",
    "session.title": "Session report",
    focusPct: "Focused",
    tracked: "Tracked time",
    paused: "Paused",
    blinkRate: "Blink rate",
    blinkRateValue: "{rate} /min",
    alertsCount: "Alerts",
    timeline: "Timeline",
    timelineSummary: "States over the session, from start to end",
    states: "Time in each state",
    "col.state": "State",
    "col.time": "Time",
    "col.share": "Share",
    "col.episodes": "Episodes",
    "col.longest": "Longest",
    "col.alerts": "Alerts",
    perMinute: "Focus per minute",
    perMinuteSummary: "Focused share of each minute of the session, in percent",
    coaching: "Coaching",
    "coaching.rules": "Written from your figures by built-in rules.",
    "coaching.model": "Written from your figures (no pictures) by the local model {model}.",
    overTime: "Over time",
    from: "From",
    to: "To",
    byHour: "Focus by time of day",
    byHourSummary: "Focused share per hour of the day, in percent",
    byWeekday: "Focus by weekday",
    byWeekdaySummary: "Focused share per weekday, in percent",
    daily: "Daily focus",
    dailySummary: "Focused share per day, in percent",
    "trend.improving": "Trend: improving ({slope} points a day)",
    "trend.declining": "Trend: declining ({slope} points a day)",
    "trend.steady": "Trend: steady",
    "trend.none": "Trend: not enough days yet",
    sessions: "Sessions",
    mine: "Only my sessions",
    "sessions.empty": "No focus sessions in this period.",
    "col.started": "Started",
    "col.duration": "Duration",
    open: "Report",
    close: "Close report",
    halves: "First half {first} · second half {second}",
    weekdays: "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
  },
  ko: {
    ...stateMessages.ko,
    title: "집중 리포트",
    "session.title": "세션 리포트",
    focusPct: "집중",
    tracked: "측정 시간",
    paused: "일시정지",
    blinkRate: "깜빡임 빈도",
    blinkRateValue: "분당 {rate}회",
    alertsCount: "알림",
    timeline: "타임라인",
    timelineSummary: "세션 시작부터 끝까지의 상태",
    states: "상태별 시간",
    "col.state": "상태",
    "col.time": "시간",
    "col.share": "비율",
    "col.episodes": "횟수",
    "col.longest": "최장",
    "col.alerts": "알림",
    perMinute: "분별 집중도",
    perMinuteSummary: "세션의 각 분에서 집중한 비율 (퍼센트)",
    coaching: "코칭",
    "coaching.rules": "내장 규칙이 수치를 바탕으로 작성했습니다.",
    "coaching.model": "로컬 모델 {model}이(가) 수치만으로 (사진 없이) 작성했습니다.",
    overTime: "기간별",
    from: "시작일",
    to: "종료일",
    byHour: "시간대별 집중도",
    byHourSummary: "하루 중 시간대별 집중 비율 (퍼센트)",
    byWeekday: "요일별 집중도",
    byWeekdaySummary: "요일별 집중 비율 (퍼센트)",
    daily: "일별 집중도",
    dailySummary: "일별 집중 비율 (퍼센트)",
    "trend.improving": "추세: 개선 중 (하루 {slope}포인트)",
    "trend.declining": "추세: 하락 중 (하루 {slope}포인트)",
    "trend.steady": "추세: 안정",
    "trend.none": "추세: 아직 날짜가 부족합니다",
    sessions: "세션",
    mine: "내 세션만",
    "sessions.empty": "이 기간에 집중 세션이 없습니다.",
    "col.started": "시작",
    "col.duration": "길이",
    open: "리포트",
    close: "리포트 닫기",
    halves: "전반 {first} · 후반 {second}",
    weekdays: "월,화,수,목,금,토,일",
  },
};
