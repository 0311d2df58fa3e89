import type { z } from "@hono/zod-openapi";
import type { AlertListSchema, AlertQuery as AlertQuerySchema, AlertSchema } from "./http/schemas/alerts.js";
import type {
  ApiTokenSchema,
  ApiTokenScopeSchema,
  ChangePasswordBody as ChangePasswordBodySchema,
  CreateApiTokenBody as CreateApiTokenBodySchema,
  CreatedApiTokenSchema,
  CreatedUserSchema,
  CreateUserBody as CreateUserBodySchema,
  LoginBody as LoginBodySchema,
  MeSchema,
  PasswordResetSchema,
  RefreshBody as RefreshBodySchema,
  RoleSchema,
  SessionSchema,
  UpdateUserBody as UpdateUserBodySchema,
  UserListSchema,
  UserSchema,
} from "./http/schemas/auth.js";
import type {
  CameraListSchema,
  CameraSchema,
  CameraWithPushSchema,
  CreateCameraBody as CreateCameraBodySchema,
  PushSchema,
  UpdateCameraBody as UpdateCameraBodySchema,
} from "./http/schemas/cameras.js";
import type {
  CommandListQuery as CommandListQuerySchema,
  CommandListSchema,
  CommandOutcomeSchema,
  CommandRecordSchema,
  SendCommandBody as SendCommandBodySchema,
} from "./http/schemas/commands.js";
import type { ErrorBody as ErrorBodySchema, OkBody as OkBodySchema } from "./http/schemas/common.js";
import type {
  CreatedEnrollmentTokenSchema,
  CreateEnrollmentTokenBody as CreateEnrollmentTokenBodySchema,
  DeviceHealthSchema,
  DeviceLatencySchema,
  DeviceListSchema,
  DeviceSchema,
  EnrollBody as EnrollBodySchema,
  EnrollmentSchema,
  EnrollmentTokenListSchema,
  EnrollmentTokenSchema,
  ReEnrollBody as ReEnrollBodySchema,
  UpdateDeviceBody as UpdateDeviceBodySchema,
} from "./http/schemas/devices.js";
import type { SetupStatusSchema, SetupStepSchema } from "./http/schemas/setup.js";
import type {
  CreateSiteBody as CreateSiteBodySchema,
  SiteListSchema,
  SiteSchema,
  UpdateSiteBody as UpdateSiteBodySchema,
} from "./http/schemas/sites.js";
import type {
  SnapshotRequestQuery as SnapshotRequestQuerySchema,
  SnapshotSchema,
} from "./http/schemas/snapshots.js";
import type { PlaybackSchema } from "./roles/archive/playback/playback-requests.js";
import type {
  JobPageSchema,
  JobQuery as JobQuerySchema,
  SegmentPageSchema,
  SegmentSchema,
} from "./roles/archive/routes/analysis-job-schemas.js";
import type {
  effectiveThresholdsSchema,
  thresholdOverridesSchema,
} from "./roles/attention/attention-thresholds-store.js";
import type {
  CoachingSchema,
  SessionReportSchema,
  TrendReportSchema,
} from "./roles/attention/routes/attention-report-schemas.js";
import type {
  AttentionEventSchema,
  AttentionSessionSchema,
  SessionDetailSchema,
  SessionListQuery as SessionListQuerySchema,
  SessionListSchema,
} from "./roles/attention/routes/attention-schemas.js";
import type {
  GateLogPageSchema,
  GateLogQuery as GateLogQuerySchema,
  GateLogSchema,
} from "./roles/gate/routes/gate-log-schemas.js";
import type {
  CreateSeatBody as CreateSeatBodySchema,
  HistoryQuery as HistoryQuerySchema,
  SeatHistorySchema,
  SeatListQuery as SeatListQuerySchema,
  SeatListSchema,
  SeatMapSchema,
  SeatMapSeatSchema,
  SeatSchema,
  SeatWriteSchema,
  UpdateSeatBody as UpdateSeatBodySchema,
} from "./roles/seats/routes/seat-schemas.js";
import type { StatsQuery as StatsQuerySchema, StatsSchema } from "./roles/seats/routes/stats-schemas.js";

/*
 * The REST API's request and response types, inferred from the same zod schemas that validate them
 * and generate the OpenAPI document, published as `@sitewatch/hub/api-types` for the dashboard. Type
 * only: nothing here reaches a browser bundle. `FooSchema` → `Foo`, `FooBody` → `FooBody`, `FooQuery`
 * → `FooQuery` (as sent: defaults optional).
 */
export type Alert = z.output<typeof AlertSchema>;
export type ArchiveSegment = z.output<typeof SegmentSchema>;
export type SegmentPage = z.output<typeof SegmentPageSchema>;
export type AnalysisJobPage = z.output<typeof JobPageSchema>;
export type AnalysisJobQuery = z.input<typeof JobQuerySchema>;
export type Playback = z.output<typeof PlaybackSchema>;
export type AlertList = z.output<typeof AlertListSchema>;
export type AlertQuery = z.input<typeof AlertQuerySchema>;
export type SessionListQuery = z.input<typeof SessionListQuerySchema>;
export type AttentionSession = z.output<typeof AttentionSessionSchema>;
export type AttentionEvent = z.output<typeof AttentionEventSchema>;
export type SessionList = z.output<typeof SessionListSchema>;
export type SessionDetail = z.output<typeof SessionDetailSchema>;
export type AttentionSessionReport = z.output<typeof SessionReportSchema>;
export type AttentionTrendReport = z.output<typeof TrendReportSchema>;
export type AttentionCoaching = z.output<typeof CoachingSchema>;
export type AttentionThresholdOverrides = z.output<typeof thresholdOverridesSchema>;
export type AttentionThresholds = z.output<typeof effectiveThresholdsSchema>;
/** GET/PUT /sites/{site}/attention-settings: the route's envelope around the store's two schemas. */
export type AttentionSettings = { overrides: AttentionThresholdOverrides; effective: AttentionThresholds };
export type UpdateAttentionSettingsBody = { thresholds: AttentionThresholdOverrides };
export type Role = z.output<typeof RoleSchema>;
export type User = z.output<typeof UserSchema>;
export type LoginBody = z.input<typeof LoginBodySchema>;
export type RefreshBody = z.input<typeof RefreshBodySchema>;
export type Session = z.output<typeof SessionSchema>;
export type Me = z.output<typeof MeSchema>;
export type CreateUserBody = z.input<typeof CreateUserBodySchema>;
export type UpdateUserBody = z.input<typeof UpdateUserBodySchema>;
export type UserList = z.output<typeof UserListSchema>;
export type ApiToken = z.output<typeof ApiTokenSchema>;
export type CreateApiTokenBody = z.input<typeof CreateApiTokenBodySchema>;
export type CreatedApiToken = z.output<typeof CreatedApiTokenSchema>;
export type Push = z.output<typeof PushSchema>;
export type Camera = z.output<typeof CameraSchema>;
export type CameraWithPush = z.output<typeof CameraWithPushSchema>;
export type CameraList = z.output<typeof CameraListSchema>;
export type CreateCameraBody = z.input<typeof CreateCameraBodySchema>;
export type UpdateCameraBody = z.input<typeof UpdateCameraBodySchema>;
export type SendCommandBody = z.input<typeof SendCommandBodySchema>;
export type CommandOutcome = z.output<typeof CommandOutcomeSchema>;
export type CommandRecord = z.output<typeof CommandRecordSchema>;
export type CommandListQuery = z.input<typeof CommandListQuerySchema>;
export type CommandList = z.output<typeof CommandListSchema>;
export type ErrorBody = z.input<typeof ErrorBodySchema>;
export type OkBody = z.input<typeof OkBodySchema>;
export type DeviceHealth = z.output<typeof DeviceHealthSchema>;
export type Device = z.output<typeof DeviceSchema>;
export type DeviceLatency = z.output<typeof DeviceLatencySchema>;
export type DeviceList = z.output<typeof DeviceListSchema>;
export type EnrollmentToken = z.output<typeof EnrollmentTokenSchema>;
export type EnrollmentTokenList = z.output<typeof EnrollmentTokenListSchema>;
export type CreateEnrollmentTokenBody = z.input<typeof CreateEnrollmentTokenBodySchema>;
export type CreatedEnrollmentToken = z.output<typeof CreatedEnrollmentTokenSchema>;
export type EnrollBody = z.input<typeof EnrollBodySchema>;
export type Enrollment = z.output<typeof EnrollmentSchema>;
export type GateLogQuery = z.input<typeof GateLogQuerySchema>;
export type GateLog = z.output<typeof GateLogSchema>;
export type GateLogPage = z.output<typeof GateLogPageSchema>;
export type Seat = z.output<typeof SeatSchema>;
export type SeatWrite = z.output<typeof SeatWriteSchema>;
export type SeatList = z.output<typeof SeatListSchema>;
export type CreateSeatBody = z.input<typeof CreateSeatBodySchema>;
export type UpdateSeatBody = z.input<typeof UpdateSeatBodySchema>;
export type SeatListQuery = z.input<typeof SeatListQuerySchema>;
export type SeatMap = z.output<typeof SeatMapSchema>;
export type SeatMapSeat = z.output<typeof SeatMapSeatSchema>;
export type HistoryQuery = z.input<typeof HistoryQuerySchema>;
export type SeatHistory = z.output<typeof SeatHistorySchema>;
export type Site = z.output<typeof SiteSchema>;
export type SiteList = z.output<typeof SiteListSchema>;
export type CreateSiteBody = z.input<typeof CreateSiteBodySchema>;
export type UpdateSiteBody = z.input<typeof UpdateSiteBodySchema>;
export type Snapshot = z.output<typeof SnapshotSchema>;
export type SnapshotRequestQuery = z.input<typeof SnapshotRequestQuerySchema>;
export type StatsQuery = z.input<typeof StatsQuerySchema>;
export type Stats = z.output<typeof StatsSchema>;
export type ApiTokenScope = z.output<typeof ApiTokenScopeSchema>;
export type CreatedUser = z.output<typeof CreatedUserSchema>;
export type PasswordReset = z.output<typeof PasswordResetSchema>;
export type ChangePasswordBody = z.input<typeof ChangePasswordBodySchema>;
export type UpdateDeviceBody = z.input<typeof UpdateDeviceBodySchema>;
export type ReEnrollBody = z.input<typeof ReEnrollBodySchema>;
export type SetupStatus = z.output<typeof SetupStatusSchema>;
export type SetupStep = z.output<typeof SetupStepSchema>;
export type * from "./http/schemas/notifications-types.js";
