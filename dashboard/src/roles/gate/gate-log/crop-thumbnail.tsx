import type { GateLog } from "@sitewatch/hub/api-types";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useSeen, useTokenImage } from "../../../components/use-token-image.js";
import { useMessages } from "../../../i18n/locale.js";
import { safeCropPath } from "./crop-updates.js";
import { displayNumber, hasValidCode } from "./gate-filters.js";
import { gateLogMessages } from "./messages.js";

/**
 * The entry's crop as a small picture that opens a larger view. It is fetched once its row scrolls
 * near the viewport; an entry without a crop shows a dash, one whose crop failed says so.
 */
export function CropThumbnail({ row }: { row: GateLog }) {
  const t = useMessages(gateLogMessages);
  const path = safeCropPath(row);
  const box = useRef<HTMLSpanElement>(null);
  const seen = useSeen(box);
  const image = useTokenImage(path, seen);
  const [open, setOpen] = useState(false);
  const number = hasValidCode(row) ? displayNumber(row) : t("number.notValid", { text: displayNumber(row) });
  const alt = t("crop.alt", { number });

  let content: ReactNode;
  if (!path || image.state === "missing") content = <span className="crop-none">–</span>;
  else if (image.state === "failed")
    content = (
      <span className="crop-failed" role="img" aria-label={t("crop.failed")} title={image.message}>
        ⚠
      </span>
    );
  else if (image.state === "ready")
    content = (
      <button type="button" className="crop-thumb" onClick={() => setOpen(true)} title={t("crop.open")}>
        <img src={image.url} alt={alt} />
      </button>
    );
  else content = <span className="crop-placeholder" role="img" aria-label={t("crop.loading")} />;

  return (
    <span ref={box} className="crop-cell">
      {content}
      {open && image.state === "ready" && (
        <CropDialog url={image.url} alt={alt} caption={number} onClose={() => setOpen(false)} />
      )}
    </span>
  );
}

interface CropDialogProps {
  url: string;
  alt: string;
  caption: string;
  onClose(): void;
}

/** The crop at its own size in a modal dialog; Escape, the button or a click beside it closes it. */
function CropDialog({ url, alt, caption, onClose }: CropDialogProps) {
  const t = useMessages(gateLogMessages);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="crop-dialog"
      aria-label={alt}
      onClose={onClose}
      onPointerDown={(e) => {
        // The dialog's own box is only its backdrop margin: a press there (not on the picture) closes.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <figure>
        <img src={url} alt={alt} />
        <figcaption>{caption}</figcaption>
      </figure>
      <button type="button" onClick={onClose}>
        {t("crop.close")}
      </button>
    </dialog>
  );
}
