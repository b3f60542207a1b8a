// The Angular app of angular.chromium.test.mjs: the two files of npm/README.md's Angular
// section (app.config.ts and checkout.component.ts, which the test writes next to this one),
// bootstrapped as the README says. The test drives the page through `window.__app`.
import { bootstrapApplication } from "@angular/platform-browser";
import { OpenFeature } from "@openfeature/web-sdk";
import type { RollgateProvider } from "rollgate/openfeature";
import { appConfig } from "./app.config";
import { CheckoutComponent } from "./checkout.component";

declare global {
  interface Window {
    __app?: { provider: RollgateProvider; setContext(context: Record<string, string>): Promise<void> } | { error: string };
  }
}

bootstrapApplication(CheckoutComponent, appConfig).then(
  () => {
    window.__app = { provider: OpenFeature.getProvider() as RollgateProvider, setContext: (context) => OpenFeature.setContext(context) };
  },
  (e: unknown) => {
    window.__app = { error: String((e as Error)?.stack ?? e) };
  },
);
