import { OperatorsSettings } from "./operators-settings";

export const metadata = { title: "Operators · Kaiwa" };

/** `/settings/operators`: an admin manages the workspace's operators. */
export default function OperatorsPage() {
  return <OperatorsSettings />;
}
