// The Angular app of angular.chromium.test.mjs, compiled ahead of time by ngc and bundled by
// Vite: OpenFeature's Angular SDK over Rollgate's web provider, as an Ionic Angular app would
// set it up (standalone component, zoneless change detection). The test drives it through
// `window.__app`.
import { importProvidersFrom, provideZonelessChangeDetection } from "@angular/core";
import { bootstrapApplication } from "@angular/platform-browser";
import { OpenFeatureModule } from "@openfeature/angular-sdk";
import { OpenFeature } from "@openfeature/web-sdk";
import { RollgateProvider } from "rollgate/openfeature";
import { CheckoutComponent } from "./checkout.component";

declare global {
  interface Window {
    __app?: { provider: RollgateProvider; setContext(context: Record<string, string>): Promise<void> } | { error: string };
  }
}

const provider = new RollgateProvider({ url: "/flags.json", storage: false });

bootstrapApplication(CheckoutComponent, {
  providers: [
    provideZonelessChangeDetection(),
    importProvidersFrom(OpenFeatureModule.forRoot({ provider, context: { targetingKey: "u1", appVersion: "2.4.0", platform: "ios" } })),
  ],
}).then(
  () => {
    window.__app = { provider, setContext: (context) => OpenFeature.setContext(context) };
  },
  (e: unknown) => {
    window.__app = { error: String((e as Error)?.stack ?? e) };
  },
);
