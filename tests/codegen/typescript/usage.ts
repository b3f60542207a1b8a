// Correct use of the flags of examples/flags.json: compiles with the generated flags.ts.
import { createClient, type Flags } from "rollgate";

/** True when A and B are the same type (not merely assignable one way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const client = createClient({ url: "/flags.json" });

export const newCheckout: boolean = client.isEnabled("new-checkout");
export const dark: boolean = client.getBoolean("dark-mode", false);

const layout = client.getString("checkout-layout", "classic");
export const layoutIsTheUnion: Equals<typeof layout, "classic" | "express" | "single-page"> = true;

export function label(): string {
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

export const maxItems: number = client.getNumber("max-cart-items", 50);

const widget = client.getObject("support-widget", { provider: "helpdesk", hours: "09:00-17:00", chat: false });
export const chat: boolean = widget.chat;
export const queue: string | undefined = widget.queue;
export const widgetIsReadonly: Equals<typeof widget, {
  readonly chat: boolean;
  readonly hours: string;
  readonly provider: string;
  readonly queue?: string;
}> = true;

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

export const details = client.getDetails("search-v2");
