"use client";

import { IDENTITY_EXAMPLE } from "../../../lib/site-draft";
import type { SitesDictionary } from "../../../lib/sites-i18n";
import { CopyBox } from "./copy-box";
import styles from "./sites.module.css";

/** Identity verification: generate, rotate or turn off the site's HMAC secret; these act at once, not on Save. */
export function IdentitySection(props: {
  secret: string | null;
  t: SitesDictionary;
  busy: boolean;
  onChange: (secret: "generate" | null) => void;
}) {
  const { t, secret } = props;
  return (
    <fieldset className={styles.fieldset} data-testid="identity" data-enabled={secret !== null}>
      <legend>{t.identity.title}</legend>
      <p className={styles.hint}>{t.identity.intro}</p>
      {secret === null ? (
        <>
          <p data-testid="identity-off">{t.identity.off}</p>
          <div>
            <button type="button" className={styles.ghostButton} disabled={props.busy} onClick={() => props.onChange("generate")} data-testid="identity-generate">
              {t.identity.generate}
            </button>
          </div>
        </>
      ) : (
        <>
          <CopyBox
            label={t.identity.secret}
            value={secret}
            rows={1}
            copy={t.identity.copy}
            copied={t.identity.copied}
            copyManually={t.embed.copyManually}
            testId="identity-secret"
          />
          <p className={styles.hint}>{t.identity.secretHint}</p>
          <div className={styles.copyRow}>
            <button
              type="button"
              className={styles.ghostButton}
              disabled={props.busy}
              onClick={() => window.confirm(t.identity.rotateConfirm) && props.onChange("generate")}
              data-testid="identity-rotate"
            >
              {t.identity.rotate}
            </button>
            <button
              type="button"
              className={styles.dangerButton}
              disabled={props.busy}
              onClick={() => window.confirm(t.identity.turnOffConfirm) && props.onChange(null)}
              data-testid="identity-off-button"
            >
              {t.identity.turnOff}
            </button>
          </div>
          <CopyBox
            label={t.identity.example}
            value={IDENTITY_EXAMPLE}
            rows={7}
            copy={t.identity.copy}
            copied={t.identity.copied}
            copyManually={t.embed.copyManually}
            testId="identity-example"
          />
        </>
      )}
    </fieldset>
  );
}
