// hls.js ships types for its full build only. The light build is the same API without subtitles,
// alternate audio, DRM and ad interstitials — none of which a camera's live view has — and a third
// smaller, so the archive page loads it and borrows the full build's types.
declare module "hls.js/light" {
  export * from "hls.js";
  export { default } from "hls.js";
}
