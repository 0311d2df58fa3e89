import { z } from "@hono/zod-openapi";

/** The first-run steps, in the order the dashboard leads a new admin through them. */
export const SETUP_STEPS = [
  "change-password",
  "create-site",
  "create-enrollment-token",
  "device-online",
] as const;

export const SetupStepSchema = z
  .object({
    id: z.enum(SETUP_STEPS),
    done: z.boolean(),
  })
  .openapi("SetupStep");

export const SetupStatusSchema = z
  .object({
    sites: z.number().int().describe("Sites on this hub"),
    firstSite: z.string().nullable().describe("The first site's id (by id), for links; null without sites"),
    devices: z.number().int().describe("Active (not revoked) devices"),
    devicesOnline: z.number().int().describe("Active devices connected now"),
    enrollmentTokens: z.number().int().describe("Enrolment tokens ever created, used or not"),
    mustChangePassword: z.boolean().describe("The caller still has a one-time password"),
    usersMustChangePassword: z
      .boolean()
      .describe("Some enabled user (the caller included) still has a one-time password"),
    steps: z.array(SetupStepSchema).describe("Always all four, in order"),
    nextStep: z.enum(SETUP_STEPS).nullable().describe("The first step not done; null when setup is complete"),
  })
  .openapi("SetupStatus");

export type SetupStatus = z.infer<typeof SetupStatusSchema>;
