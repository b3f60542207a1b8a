// Each marked line must fail to compile with the flags of examples/flags.json declared by
// `rollgate codegen --lang ts` (npm/test/codegen.node.test.mjs checks the error code of every
// one, and that no other line fails).
import { createClient } from "rollgate";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export async function main(): Promise<void> {
  const client = await createClient({ bootstrap: "{}" });
  client.isEnabled("new-chekout"); // error: TS2345 (a typo'd key)
  client.getString("new-checkout", "on"); // error: TS2345 (a boolean flag)
  client.getString("checkout-layout", "compact"); // error: TS2345 (not one of its values)
  const layout = client.getString("checkout-layout", "classic");
  const narrower: Equals<typeof layout, "classic" | "express"> = true; // error: TS2322
  const wider: Equals<typeof layout, string> = true; // error: TS2322
  const widget = client.getObject("support-widget", { provider: "x", hours: "y", chat: true });
  console.log(narrower, wider, widget.chta); // error: TS2339
}
