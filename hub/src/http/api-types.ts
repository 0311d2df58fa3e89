import type { z } from "@hono/zod-openapi";
import type { AlertListSchema, AlertQuery, AlertSchema } from "./schemas/alerts.js";
import type {
  AttentionEventSchema,
  AttentionSessionSchema,
  SessionDetailSchema,
  SessionListQuery,
  SessionListSchema,
} from "./schemas/attention.js";
import type {
  ApiTokenSchema,
  CreateApiTokenBody,
  CreatedApiTokenSchema,
  CreateUserBody,
  LoginBody,
  MeSchema,
  RefreshBody,
  RoleSchema,
  SessionSchema,
  UpdateUserBody,
  UserListSchema,
  UserSchema,
} from "./schemas/auth.js";
import type {
  CameraListSchema,
  CameraSchema,
  CameraWithPushSchema,
  CreateCameraBody,
  PushSchema,
  UpdateCameraBody,
} from "./schemas/cameras.js";
import type {
  CommandListQuery,
  CommandListSchema,
  CommandOutcomeSchema,
  CommandRecordSchema,
  SendCommandBody,
} from "./schemas/commands.js";
import type { ErrorBody, OkBody } from "./schemas/common.js";
import type {
  CreatedEnrollmentTokenSchema,
  CreateEnrollmentTokenBody,
  DeviceHealthSchema,
  DeviceListSchema,
  DeviceSchema,
  EnrollBody,
  EnrollmentSchema,
  EnrollmentTokenSchema,
} from "./schemas/devices.js";
import type { GateLogPageSchema, GateLogQuery, GateLogSchema } from "./schemas/gate-logs.js";
import type {
  CreateSeatBody,
  HistoryQuery,
  SeatHistorySchema,
  SeatListQuery,
  SeatListSchema,
  SeatMapSchema,
  SeatSchema,
  SeatWriteSchema,
  UpdateSeatBody,
} from "./schemas/seats.js";
import type { CreateSiteBody, SiteListSchema, SiteSchema, UpdateSiteBody } from "./schemas/sites.js";
import type { StatsQuery, StatsSchema } from "./schemas/stats.js";

/*
 * The REST API's request and response types, inferred from the same zod schemas that validate them
 * and generate the OpenAPI document, published as `@sitewatch/hub/api-types` for the dashboard. Type
 * only: nothing here reaches a browser bundle. `FooSchema` → `Foo`, `FooBody` → `FooBody`, `FooQuery`
 * → `FooQuery` (as sent: defaults optional).
 */
export type Alert = z.output<typeof AlertSchema>;
export type AlertList = z.output<typeof AlertListSchema>;
export type AlertQuery = z.input<typeof AlertQuery>;
export type SessionListQuery = z.input<typeof SessionListQuery>;
export type AttentionSession = z.output<typeof AttentionSessionSchema>;
export type AttentionEvent = z.output<typeof AttentionEventSchema>;
export type SessionList = z.output<typeof SessionListSchema>;
export type SessionDetail = z.output<typeof SessionDetailSchema>;
export type Role = z.output<typeof RoleSchema>;
export type User = z.output<typeof UserSchema>;
export type LoginBody = z.input<typeof LoginBody>;
export type RefreshBody = z.input<typeof RefreshBody>;
export type Session = z.output<typeof SessionSchema>;
export type Me = z.output<typeof MeSchema>;
export type CreateUserBody = z.input<typeof CreateUserBody>;
export type UpdateUserBody = z.input<typeof UpdateUserBody>;
export type UserList = z.output<typeof UserListSchema>;
export type ApiToken = z.output<typeof ApiTokenSchema>;
export type CreateApiTokenBody = z.input<typeof CreateApiTokenBody>;
export type CreatedApiToken = z.output<typeof CreatedApiTokenSchema>;
export type Push = z.output<typeof PushSchema>;
export type Camera = z.output<typeof CameraSchema>;
export type CameraWithPush = z.output<typeof CameraWithPushSchema>;
export type CameraList = z.output<typeof CameraListSchema>;
export type CreateCameraBody = z.input<typeof CreateCameraBody>;
export type UpdateCameraBody = z.input<typeof UpdateCameraBody>;
export type SendCommandBody = z.input<typeof SendCommandBody>;
export type CommandOutcome = z.output<typeof CommandOutcomeSchema>;
export type CommandRecord = z.output<typeof CommandRecordSchema>;
export type CommandListQuery = z.input<typeof CommandListQuery>;
export type CommandList = z.output<typeof CommandListSchema>;
export type ErrorBody = z.input<typeof ErrorBody>;
export type OkBody = z.input<typeof OkBody>;
export type DeviceHealth = z.output<typeof DeviceHealthSchema>;
export type Device = z.output<typeof DeviceSchema>;
export type DeviceList = z.output<typeof DeviceListSchema>;
export type EnrollmentToken = z.output<typeof EnrollmentTokenSchema>;
export type CreateEnrollmentTokenBody = z.input<typeof CreateEnrollmentTokenBody>;
export type CreatedEnrollmentToken = z.output<typeof CreatedEnrollmentTokenSchema>;
export type EnrollBody = z.input<typeof EnrollBody>;
export type Enrollment = z.output<typeof EnrollmentSchema>;
export type GateLogQuery = z.input<typeof GateLogQuery>;
export type GateLog = z.output<typeof GateLogSchema>;
export type GateLogPage = z.output<typeof GateLogPageSchema>;
export type Seat = z.output<typeof SeatSchema>;
export type SeatWrite = z.output<typeof SeatWriteSchema>;
export type SeatList = z.output<typeof SeatListSchema>;
export type CreateSeatBody = z.input<typeof CreateSeatBody>;
export type UpdateSeatBody = z.input<typeof UpdateSeatBody>;
export type SeatListQuery = z.input<typeof SeatListQuery>;
export type SeatMap = z.output<typeof SeatMapSchema>;
export type HistoryQuery = z.input<typeof HistoryQuery>;
export type SeatHistory = z.output<typeof SeatHistorySchema>;
export type Site = z.output<typeof SiteSchema>;
export type SiteList = z.output<typeof SiteListSchema>;
export type CreateSiteBody = z.input<typeof CreateSiteBody>;
export type UpdateSiteBody = z.input<typeof UpdateSiteBody>;
export type StatsQuery = z.input<typeof StatsQuery>;
export type Stats = z.output<typeof StatsSchema>;
