// Each marked line must fail to compile with the generated flags.ts (cli/tests/codegen.rs checks
// the error code of every one, and that no other line fails).
import { createClient } from "rollgate";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const client = createClient({ url: "/flags.json" });

export const typo = client.isEnabled("new-chekout"); // error: TS2345 (a typo'd key)
export const wrongType = client.getString("new-checkout", "on"); // error: TS2345 (a boolean flag)
export const notAVariant = client.getString("checkout-layout", "compact"); // error: TS2345
const layout = client.getString("checkout-layout", "classic");
export const narrower: Equals<typeof layout, "classic" | "express"> = true; // error: TS2322
export const wider: Equals<typeof layout, string> = true; // error: TS2322
const widget = client.getObject("support-widget", { provider: "x", hours: "y", chat: true });
export const misspelled = widget.chta; // error: TS2339
