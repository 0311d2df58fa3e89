import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "camera"
  | "noCameras"
  | "fromDevice"
  | "canvasLabel"
  | "zone"
  | "zoneHint"
  | "zoneCorners"
  | "zoneReset"
  | "line"
  | "lineHint"
  | "lineNone"
  | "lineAdd"
  | "lineSwap"
  | "lineRemove"
  | "in"
  | "corner"
  | "detection"
  | "vehicleClasses"
  | "vehicleClassesHint"
  | "activeIntervalMs"
  | "scoreThreshold"
  | "scoreThresholdHint"
  | "minTrackFrames"
  | "lostAfterFrames"
  | "maxOcrFrames"
  | "passageGroup"
  | "passageGroupHint"
  | "motion"
  | "motionEnabled"
  | "motionThreshold"
  | "motionForceEvery"
  | "notANumber"
  | "save"
  | "saving"
  | "saved"
  | "discard"
  | "unsaved"
  | "nothingToSave"
  | "fixFirst"
  | "saveFailed"
  | "push.completed"
  | "push.accepted"
  | "push.offline"
  | "push.failed"
  | "push.timeout"
  | "push.skipped";

export const gateSettingsMessages: Messages<Key> = {
  en: {
    title: "Gate camera settings",
    camera: "Camera",
    noCameras: "This site has no gate cameras yet.",
    fromDevice:
      "The hub holds no settings for this camera yet, so the device uses its own config file. Shown are the defaults; saving sends them and replaces the file's gate settings.",
    canvasLabel: "Zone and direction line on camera {camera}",
    zone: "Zone",
    zoneHint:
      "Drag a corner to move it, drag a + to add a corner there, double-click a corner to remove it, drag inside to move the zone.",
    zoneCorners: "{count} corners",
    zoneReset: "Whole picture",
    line: "Direction line",
    lineHint: "A vehicle crossing the line along the arrow went in; the other way, out.",
    lineNone: "No direction line: every entry's direction is unknown.",
    lineAdd: "Add a direction line",
    lineSwap: "Swap in and out",
    lineRemove: "Remove the line",
    in: "in",
    corner: "Zone corner {n}: arrow keys move it, Delete removes it",
    detection: "Detection and tracking",
    vehicleClasses: "Vehicle classes",
    vehicleClassesHint: "Detector labels, separated by commas",
    activeIntervalMs: "Interval while a vehicle is in the zone (ms)",
    scoreThreshold: "Score threshold",
    scoreThresholdHint: "0–1; empty: the device's detector threshold",
    minTrackFrames: "Minimum frames of a track",
    lostAfterFrames: "Frames missed before a track has left",
    maxOcrFrames: "Most frames read per passage",
    passageGroup: "Passage group",
    passageGroupHint: "Cameras of one gate in the same group report each container once; empty: none",
    motion: "Motion gate",
    motionEnabled: "Run the detector on an empty lane only when the picture changes",
    motionThreshold: "Motion threshold (0–1)",
    motionForceEvery: "Detect anyway after this many quiet intervals",
    notANumber: "Enter a number.",
    save: "Save",
    saving: "Saving…",
    saved: "Saved.",
    discard: "Discard changes",
    unsaved: "Unsaved changes",
    nothingToSave: "Nothing changed.",
    fixFirst: "Fix the marked fields before saving.",
    saveFailed: "Not saved: {message}",
    "push.completed": "Pushed to {device}.",
    "push.accepted": "Sent to {device}; it is applying the new settings.",
    "push.offline": "{device} is offline; the settings will be sent when it reconnects.",
    "push.failed": "Pushing to {device} failed: {message}",
    "push.timeout": "{device} did not answer in time; it gets the settings when it next connects.",
    "push.skipped": "Not sent to {device}: {message}",
  },
  ko: {
    title: "게이트 카메라 설정",
    camera: "카메라",
    noCameras: "이 사이트에는 아직 게이트 카메라가 없습니다.",
    fromDevice:
      "허브에 이 카메라의 설정이 아직 없어 장치가 자체 설정 파일을 사용합니다. 기본값을 표시하며, 저장하면 이 값이 전송되어 파일의 게이트 설정을 대체합니다.",
    canvasLabel: "카메라 {camera}의 감지 영역과 방향선",
    zone: "감지 영역",
    zoneHint:
      "꼭짓점을 끌어 옮기고, +를 끌어 꼭짓점을 추가하고, 꼭짓점을 두 번 클릭해 삭제하고, 안쪽을 끌어 영역을 옮깁니다.",
    zoneCorners: "꼭짓점 {count}개",
    zoneReset: "화면 전체",
    line: "방향선",
    lineHint: "화살표 방향으로 선을 넘은 차량은 진입, 반대 방향은 진출입니다.",
    lineNone: "방향선이 없어 모든 기록의 방향을 알 수 없습니다.",
    lineAdd: "방향선 추가",
    lineSwap: "진입·진출 바꾸기",
    lineRemove: "방향선 삭제",
    in: "진입",
    corner: "영역 꼭짓점 {n}: 화살표 키로 옮기고 Delete로 삭제",
    detection: "감지와 추적",
    vehicleClasses: "차량 종류",
    vehicleClassesHint: "감지기 라벨, 쉼표로 구분",
    activeIntervalMs: "영역에 차량이 있을 때 간격 (ms)",
    scoreThreshold: "점수 기준",
    scoreThresholdHint: "0–1, 비우면 장치 감지기의 기준",
    minTrackFrames: "추적 최소 프레임",
    lostAfterFrames: "추적이 끝났다고 볼 놓친 프레임 수",
    maxOcrFrames: "통과당 판독할 최대 프레임",
    passageGroup: "통과 그룹",
    passageGroupHint: "같은 그룹인 한 게이트의 카메라들은 컨테이너마다 한 번만 기록합니다. 비우면 없음",
    motion: "움직임 감지",
    motionEnabled: "빈 차로에서는 화면이 바뀔 때만 감지기 실행",
    motionThreshold: "움직임 기준 (0–1)",
    motionForceEvery: "조용한 간격이 이만큼 지나면 그래도 감지",
    notANumber: "숫자를 입력하세요.",
    save: "저장",
    saving: "저장 중…",
    saved: "저장했습니다.",
    discard: "변경 취소",
    unsaved: "저장하지 않은 변경이 있습니다",
    nothingToSave: "변경된 내용이 없습니다.",
    fixFirst: "표시된 항목을 먼저 수정하세요.",
    saveFailed: "저장하지 못했습니다: {message}",
    "push.completed": "{device}에 전송했습니다.",
    "push.accepted": "{device}에 보냈습니다. 새 설정을 적용하는 중입니다.",
    "push.offline": "{device}가 오프라인입니다. 다시 연결되면 설정이 전송됩니다.",
    "push.failed": "{device}에 전송하지 못했습니다: {message}",
    "push.timeout": "{device}가 제때 응답하지 않았습니다. 다음 연결 때 설정을 받습니다.",
    "push.skipped": "{device}에 보내지 않았습니다: {message}",
  },
};
