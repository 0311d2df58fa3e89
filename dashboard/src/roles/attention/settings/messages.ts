import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "intro"
  | "col.threshold"
  | "col.effective"
  | "col.override"
  | "unit.ms"
  | "unit.ratio"
  | "unit.deg"
  | "unit.mar"
  | "seconds"
  | "followsDefault"
  | "reset"
  | "resetLabel"
  | "resetAll"
  | "save"
  | "saving"
  | "discard"
  | "unsaved"
  | "saved"
  | "nothingToSave"
  | "fixFirst"
  | "saveFailed"
  | "notANumber"
  | "outOfRange"
  | "notWhole";

export const attentionSettingsMessages: Messages<Key> = {
  en: {
    title: "Focus settings",
    intro:
      "Thresholds of the attention analysis for this site. Sessions started after saving use the new values; running sessions keep theirs. An empty field follows the default.",
    "col.threshold": "Threshold",
    "col.effective": "In effect",
    "col.override": "This site's value",
    "unit.ms": "milliseconds (ms)",
    "unit.ratio": "fraction, 0–1",
    "unit.deg": "degrees",
    "unit.mar": "mouth aspect ratio, 0–2",
    seconds: "{value} s",
    followsDefault: "default {value}",
    reset: "Reset to default",
    resetLabel: "Reset {key} to its default",
    resetAll: "Reset all to defaults",
    save: "Save",
    saving: "Saving…",
    discard: "Discard changes",
    unsaved: "Unsaved changes",
    saved: "Saved. Focus sessions started from now on use these thresholds.",
    nothingToSave: "Nothing changed.",
    fixFirst: "Fix the marked fields first.",
    saveFailed: "The hub refused the thresholds: {message}",
    notANumber: "Enter a number.",
    outOfRange: "Must be between {min} and {max}.",
    notWhole: "Must be a whole number of milliseconds.",
  },
  ko: {
    title: "집중 설정",
    intro:
      "이 사이트의 집중도 분석 기준값입니다. 저장한 뒤 시작하는 세션부터 새 값을 쓰고, 진행 중인 세션은 기존 값을 유지합니다. 비워 둔 항목은 기본값을 따릅니다.",
    "col.threshold": "기준값",
    "col.effective": "적용 중",
    "col.override": "이 사이트 값",
    "unit.ms": "밀리초 (ms)",
    "unit.ratio": "비율, 0–1",
    "unit.deg": "도",
    "unit.mar": "입 종횡비, 0–2",
    seconds: "{value}초",
    followsDefault: "기본값 {value}",
    reset: "기본값으로",
    resetLabel: "{key}을(를) 기본값으로 되돌리기",
    resetAll: "모두 기본값으로",
    save: "저장",
    saving: "저장 중…",
    discard: "변경 취소",
    unsaved: "저장하지 않은 변경 사항",
    saved: "저장했습니다. 지금부터 시작하는 집중 세션이 이 기준값을 씁니다.",
    nothingToSave: "바뀐 것이 없습니다.",
    fixFirst: "표시된 항목을 먼저 고치세요.",
    saveFailed: "허브가 기준값을 거부했습니다: {message}",
    notANumber: "숫자를 입력하세요.",
    outOfRange: "{min}에서 {max} 사이여야 합니다.",
    notWhole: "밀리초는 정수여야 합니다.",
  },
};
