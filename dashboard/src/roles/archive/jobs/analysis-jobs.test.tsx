import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hubError, renderWithServices, stubFetchReplies } from "../../../testing/fake-services.js";
import ArchivePage from "../archive-page.js";
import { camera, job, segment, TEN_MIN } from "../testing/archive-fixtures.js";
import { AnalysisJobs } from "./analysis-jobs.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const JOBS = "/api/v1/sites/cafe/analysis-jobs";
const DOOR = { site: "cafe", device: "edge-1", camera: "door" };
const card = (j: AnalysisJob) => document.querySelector(`[data-job="${j.id}"]`) as HTMLElement;
const jobEvent = (j: AnalysisJob) => ({ site: j.site, device: j.device, camera: j.camera, data: j });

describe("AnalysisJobs", () => {
  it("lists the camera's jobs with status, score, summary and error, and follows them live", async () => {
    const done = job(3, "completed");
    const failed = job(2, "failed");
    const waiting = job(1, "pending");
    const calls = stubFetchReplies({
      [`GET ${JOBS}`]: () => ({ jobs: [done, failed, waiting], nextCursor: null }),
    });
    const { socket } = renderWithServices(<AnalysisJobs camera={DOOR} onJump={() => undefined} />);
    await waitFor(() => expect(document.querySelectorAll("[data-job]")).toHaveLength(3));
    const query = calls[0]?.url.searchParams;
    expect([query?.get("device"), query?.get("camera"), query?.get("limit")]).toEqual([
      "edge-1",
      "door",
      "20",
    ]);

    expect(within(card(done)).getByText("Done")).toBeDefined();
    expect(within(card(done)).getByText("Safety score 72/100")).toBeDefined();
    expect(within(card(done)).getByText(done.result?.summary ?? "")).toBeDefined();
    expect(within(card(done)).getByText("Incidents (2)")).toBeDefined();
    expect(within(card(failed)).getByText("Error: ffmpeg could not open the segment")).toBeDefined();
    expect(within(card(waiting)).getByText("Waiting")).toBeDefined();
    expect(within(card(waiting)).getByText("Attempt 0 of 3")).toBeDefined();

    // A worker took the waiting job, a new segment's job was registered, another camera's is not ours.
    act(() => socket.serverEmit("archive:job", jobEvent({ ...waiting, status: "processing", attempts: 1 })));
    const fresh = job(4, "pending");
    act(() => socket.serverEmit("live:batch", [["archive:job", jobEvent(fresh)]]));
    act(() => socket.serverEmit("archive:job", jobEvent({ ...job(5, "pending"), camera: "yard" })));
    expect(within(card(waiting)).getByText("Analysing")).toBeDefined();
    expect([...document.querySelectorAll("[data-job]")].map((e) => e.getAttribute("data-job"))).toEqual([
      fresh.id,
      done.id,
      failed.id,
      waiting.id,
    ]);
  });

  it("offers retry and cancel to admins, shows the changed job, and the hub's refusal", async () => {
    const failed = job(2, "failed");
    const waiting = job(1, "pending");
    const calls = stubFetchReplies({
      [`GET ${JOBS}`]: () => ({ jobs: [failed, waiting], nextCursor: null }),
      [`POST /api/v1/analysis-jobs/${failed.id}/retry`]: () => ({
        job: { ...failed, status: "pending", attempts: 0, error: null },
      }),
      [`POST /api/v1/analysis-jobs/${waiting.id}/cancel`]: () =>
        hubError(409, "CONFLICT", `analysis job ${waiting.id} is not pending or processing`),
    });
    renderWithServices(<AnalysisJobs camera={DOOR} onJump={() => undefined} />);
    await waitFor(() => expect(document.querySelectorAll("[data-job]")).toHaveLength(2));
    expect(within(card(failed)).queryByRole("button", { name: "Cancel" })).toBeNull();

    await userEvent.click(within(card(failed)).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(within(card(failed)).getByText("Waiting")).toBeDefined());
    expect(calls.at(-1)?.headers.get("authorization")).toBe("Bearer a");
    expect(within(card(failed)).queryByText(/^Error:/)).toBeNull();

    await userEvent.click(within(card(waiting)).getByRole("button", { name: "Cancel" }));
    expect((await within(card(waiting)).findByRole("alert")).textContent).toBe(
      `Could not change the job: analysis job ${waiting.id} is not pending or processing`,
    );
  });

  it("shows no retry or cancel to a site manager", async () => {
    stubFetchReplies({
      [`GET ${JOBS}`]: () => ({ jobs: [job(2, "failed"), job(1, "pending")], nextCursor: null }),
    });
    renderWithServices(<AnalysisJobs camera={DOOR} onJump={() => undefined} />, { role: "site_manager" });
    await waitFor(() => expect(document.querySelectorAll("[data-job]")).toHaveLength(2));
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
  });
});

describe("an incident on the archive page", () => {
  it("shows its picture, fetched with the token, and plays the recording from its moment", async () => {
    const done = job(3, "completed");
    const s3 = segment(3);
    const thumbnail = `${JOBS}/${done.id}/thumbnails/002-object-left.jpg`;
    const calls = stubFetchReplies({
      "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [camera("edge-1", "door", "Door")] }),
      "GET /api/v1/sites/cafe/devices/edge-1/cameras/door/segments": (url) =>
        url.searchParams.has("from")
          ? { segments: [s3], nextCursor: null }
          : { segments: [], nextCursor: null },
      [`GET ${JOBS}`]: () => ({ jobs: [done], nextCursor: null }),
      [`GET ${thumbnail}`]: () =>
        new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), { headers: { "content-type": "image/jpeg" } }),
      [`POST /api/v1/sites/cafe/segments/${s3.id}/playback`]: () => ({
        url: "/api/v1/playback/ticket-3.mp4",
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        bytes: s3.bytes,
        startedAt: new Date(s3.startedAt).toISOString(),
        durationMs: TEN_MIN,
      }),
    });
    renderWithServices(<ArchivePage />);
    await userEvent.click(await screen.findByText("Incidents (2)"));
    // In the segment's order, the picture from an object URL (an <img> cannot send the token).
    await screen.findByAltText("object_left at 5:05");
    const incidents = [...document.querySelectorAll(".incident")];
    expect(incidents.map((li) => li.querySelector("strong")?.textContent)).toEqual(["1:05", "5:05"]);
    const img = screen.getByAltText("object_left at 5:05") as HTMLImageElement;
    expect(img.src).toMatch(/^blob:/);
    expect(calls.find((c) => c.url.pathname === thumbnail)?.headers.get("authorization")).toBe("Bearer a");

    await userEvent.click(screen.getByRole("button", { name: "Play the recording at 5:05 (object_left)" }));
    const video = await waitFor(() => {
      const v = document.querySelector(".archive-video") as HTMLVideoElement | null;
      if (!v) throw new Error("no video yet");
      return v;
    });
    const lookup = calls.find((c) => c.url.searchParams.has("from"))?.url.searchParams;
    expect(lookup?.get("from")).toBe(new Date(s3.startedAt).toISOString());
    expect(video.getAttribute("src")).toBe("/api/v1/playback/ticket-3.mp4");
    fireEvent.loadedMetadata(video);
    expect(video.currentTime).toBe(305);
    expect(screen.getByText(/, from 5:05$/)).toBeDefined();
  });
});
