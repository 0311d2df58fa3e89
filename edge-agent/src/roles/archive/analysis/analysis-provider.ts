import {
  type AnalysisResult,
  analysisResultSchema,
  type Point,
  type AnalysisProvider as ProviderName,
} from "@sitewatch/shared-protocol";

/** A named region of the picture, in normalised (0..1) coordinates like seat polygons. */
export interface AnalysisZone {
  name: string;
  polygon: readonly Point[];
}

/** What a job asks of a provider beyond the segment itself. */
export interface AnalysisJobOptions {
  zones?: readonly AnalysisZone[];
  /** Analyse one frame every this many seconds of video; each provider has its own default. */
  sampleEverySeconds?: number;
}

/** A JPEG stored beside the result; `name` is what an incident's `thumbnail` refers to. */
export interface AnalysisThumbnail {
  name: string;
  jpeg: Buffer;
}

export interface AnalysisOutput {
  result: AnalysisResult;
  thumbnails: AnalysisThumbnail[];
}

/**
 * One way of turning a closed recording segment into an analysis result. Implementations hold their
 * models or clients; `signal` is the job's (cancelled, lease lost, worker stopping) and ends the work
 * with an AbortError.
 */
export interface AnalysisProvider {
  readonly name: ProviderName;
  analyse(segmentPath: string, options: AnalysisJobOptions, signal?: AbortSignal): Promise<AnalysisOutput>;
}

/**
 * Validates a result against the protocol before it leaves the provider, so a bad result fails the
 * job here with the reason instead of being refused later by the hub; every thumbnail an incident
 * names must be among those returned, and no thumbnail may be returned twice.
 */
export function checkedOutput(result: AnalysisResult, thumbnails: AnalysisThumbnail[]): AnalysisOutput {
  const parsed = analysisResultSchema.safeParse(result);
  if (!parsed.success)
    throw new Error(`analysis result does not match the protocol: ${parsed.error.message}`);
  const names = new Set<string>();
  for (const { name } of thumbnails) {
    if (names.has(name)) throw new Error(`thumbnail ${name} returned twice`);
    names.add(name);
  }
  for (const incident of parsed.data.incidents) {
    if (incident.thumbnail && !names.has(incident.thumbnail))
      throw new Error(`incident thumbnail ${incident.thumbnail} was not produced`);
  }
  return { result: parsed.data, thumbnails };
}

/** A rule-based score: 100 with nothing of concern, less for each incident by its severity. */
export function safetyScore(incidents: AnalysisResult["incidents"]): number {
  const penalty = { info: 2, warning: 12, critical: 35 } as const;
  const total = incidents.reduce((sum, incident) => sum + penalty[incident.severity], 0);
  return Math.max(0, 100 - total);
}
