// Correct use of the flags of examples/flags.json, declared by `rollgate codegen --lang ts`:
// compiles against the package's own declarations, with exactly these types
// (npm/test/codegen.node.test.mjs).
import { createClient, type Flags } from "rollgate";

/** True when A and B are the same type (not merely assignable one way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export async function main(): Promise<string> {
  const client = await createClient({ bootstrap: "{}" });

  const newCheckout: boolean = client.isEnabled("new-checkout");
  const dark: boolean = client.getBoolean("dark-mode", false);

  const layout = client.getString("checkout-layout", "classic");
  const layoutIsTheUnion: Equals<typeof layout, "classic" | "express" | "single-page"> = true;

  const maxItems: number = client.getNumber("max-cart-items", 50);

  const widget = client.getObject("support-widget", { provider: "helpdesk", hours: "09:00-17:00", chat: false });
  const chat: boolean = widget.chat;
  const queue: string | undefined = widget.queue;
  const widgetIsReadonly: Equals<typeof widget, {
    readonly chat: boolean;
    readonly hours: string;
    readonly provider: string;
    readonly queue?: string;
  }> = true;

  const details = client.getDetails("checkout-layout");
  const detailsValue: Equals<typeof details.value, "classic" | "express" | "single-page" | undefined> = true;

  return [newCheckout, dark, label(layout), maxItems, chat, queue, layoutIsTheUnion, widgetIsReadonly, detailsValue].join();
}

function label(layout: Flags["checkout-layout"]): string {
  switch (layout) {
    case "classic":
      return "Classic";
    case "express":
      return "Express";
    case "single-page":
      return "One page";
    default: {
      const unreachable: never = layout;
      return unreachable;
    }
  }
}

export const keys: Equals<
  keyof Flags,
  | "checkout-layout"
  | "dark-mode"
  | "dark-mode-v2"
  | "max-cart-items"
  | "new-checkout"
  | "payments-v3"
  | "search-v2"
  | "support-widget"
> = true;
