import { useSite } from "../../app/app-context.js";

/** Placeholder until the page is built. */
export default function SeatMapPage() {
  const { site } = useSite();
  return <h1>{site.name}</h1>;
}
