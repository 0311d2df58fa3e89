import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "range"
  | "preset.today"
  | "preset.7d"
  | "preset.30d"
  | "preset.custom"
  | "from"
  | "to"
  | "invalidRange"
  | "seat"
  | "allSeats"
  | "kpi.occupancy"
  | "kpi.avgStay"
  | "kpi.turnover"
  | "kpi.held"
  | "kpi.seats"
  | "chart.occupancyDay"
  | "chart.occupancyDays"
  | "chart.heatmap"
  | "chart.avgStay"
  | "chart.turnover"
  | "chart.heldHour"
  | "chart.heldDay"
  | "summary.peak"
  | "summary.none"
  | "summary.heatmap"
  | "summary.turnover"
  | "heatmapMissing"
  | "noData"
  | "col.time"
  | "col.value"
  | "col.seat"
  | "col.weekday"
  | "col.hour"
  | "export.seats"
  | "export.series"
  | "unit.minutes"
  | "unit.perDay";

export const statsMessages: Messages<Key> = {
  en: {
    title: "Statistics",
    range: "Date range",
    "preset.today": "Today",
    "preset.7d": "Last 7 days",
    "preset.30d": "Last 30 days",
    "preset.custom": "Custom",
    from: "From",
    to: "To",
    invalidRange: "The start date must not be after the end date.",
    seat: "Seat",
    allSeats: "All seats",
    "kpi.occupancy": "Occupancy",
    "kpi.avgStay": "Average stay",
    "kpi.turnover": "Turnover per seat per day",
    "kpi.held": "Held incidents per day",
    "kpi.seats": "Seats",
    "chart.occupancyDay": "Occupancy over the day",
    "chart.occupancyDays": "Occupancy per day",
    "chart.heatmap": "Peak times (weekday × hour)",
    "chart.avgStay": "Average stay (minutes)",
    "chart.turnover": "Turnover per seat (entries per day)",
    "chart.heldHour": "Held incidents per hour",
    "chart.heldDay": "Held incidents per day",
    "summary.peak": "{count} values; highest {value} at {label}.",
    "summary.none": "No data in this range.",
    "summary.heatmap": "Occupancy by weekday and hour; busiest {label} at {value} %.",
    "summary.turnover": "{count} seats; highest turnover {value} per day at seat {label}.",
    heatmapMissing: "This hub does not report weekday × hour figures yet.",
    noData: "No statistics for this range yet.",
    "col.time": "Time",
    "col.value": "Value",
    "col.seat": "Seat",
    "col.weekday": "Weekday",
    "col.hour": "Hour",
    "export.seats": "Export seats (CSV)",
    "export.series": "Export series (CSV)",
    "unit.minutes": "min",
    "unit.perDay": "/ day",
  },
  ko: {
    title: "통계",
    range: "기간",
    "preset.today": "오늘",
    "preset.7d": "최근 7일",
    "preset.30d": "최근 30일",
    "preset.custom": "직접 선택",
    from: "시작일",
    to: "종료일",
    invalidRange: "시작일이 종료일보다 늦을 수 없습니다.",
    seat: "좌석",
    allSeats: "전체 좌석",
    "kpi.occupancy": "점유율",
    "kpi.avgStay": "평균 이용 시간",
    "kpi.turnover": "좌석당 일일 회전율",
    "kpi.held": "일일 자리 맡기 건수",
    "kpi.seats": "좌석 수",
    "chart.occupancyDay": "시간대별 점유율",
    "chart.occupancyDays": "일별 점유율",
    "chart.heatmap": "혼잡 시간대 (요일 × 시간)",
    "chart.avgStay": "평균 이용 시간 (분)",
    "chart.turnover": "좌석별 회전율 (일일 입실 수)",
    "chart.heldHour": "시간별 자리 맡기 건수",
    "chart.heldDay": "일별 자리 맡기 건수",
    "summary.peak": "값 {count}개, 최고 {value} ({label}).",
    "summary.none": "이 기간에는 데이터가 없습니다.",
    "summary.heatmap": "요일·시간대별 점유율, 가장 혼잡한 시간 {label} ({value} %).",
    "summary.turnover": "좌석 {count}개, 최고 회전율 {value}회/일 (좌석 {label}).",
    heatmapMissing: "이 허브는 아직 요일 × 시간 통계를 제공하지 않습니다.",
    noData: "이 기간의 통계가 아직 없습니다.",
    "col.time": "시간",
    "col.value": "값",
    "col.seat": "좌석",
    "col.weekday": "요일",
    "col.hour": "시",
    "export.seats": "좌석별 CSV 내보내기",
    "export.series": "시계열 CSV 내보내기",
    "unit.minutes": "분",
    "unit.perDay": "/ 일",
  },
};
