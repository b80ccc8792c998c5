import { ReleaseNotes } from "./release-notes";

export const metadata = { title: "Release notes · Kaiwa" };

/** `/releases`: release notes and the release calendar, from releases/*.md. */
export default function ReleasesPage() {
  return <ReleaseNotes />;
}
