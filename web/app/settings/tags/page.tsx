import { TagsSettings } from "./tags-settings";

export const metadata = { title: "Tags · Kaiwa" };

/** `/settings/tags`: admins define the workspace's tags (name, colour, description). */
export default function TagsPage() {
  return <TagsSettings />;
}
