import { useMessages } from "../../../i18n/locale.js";
import { focusMessages } from "./messages.js";

/**
 * What the camera is used for, before it is turned on: the measurements, that no picture leaves the
 * device, what is kept, and that the learner stays in control. The camera starts only from this click.
 */
export function ConsentScreen(props: {
  sound: boolean;
  onSound: (on: boolean) => void;
  onStart: () => void;
}) {
  const t = useMessages(focusMessages);
  return (
    <section className="focus-consent" aria-labelledby="focus-consent-title">
      <h2 id="focus-consent-title">{t("consent.title")}</h2>
      <p>{t("consent.intro")}</p>
      <p>{t("consent.measures")}</p>
      <ul>
        <li>{t("consent.eyes")}</li>
        <li>{t("consent.mouth")}</li>
        <li>{t("consent.head")}</li>
        <li>{t("consent.presence")}</li>
      </ul>
      <p className="focus-private">
        <strong>{t("consent.private")}</strong>
      </p>
      <p>{t("consent.stored")}</p>
      <p>{t("consent.pause")}</p>
      <label className="focus-toggle">
        <input type="checkbox" checked={props.sound} onChange={(e) => props.onSound(e.target.checked)} />
        {t("sound")}
      </label>
      <button type="button" onClick={props.onStart}>
        {t("consent.start")}
      </button>
    </section>
  );
}
