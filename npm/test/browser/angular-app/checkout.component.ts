// A standalone component whose elements depend on flags: the SDK's structural directives
// (`*booleanFeatureFlag`, `*stringFeatureFlag`) and its FeatureFlagService read as a signal.
import { Component, inject } from "@angular/core";
import { toSignal } from "@angular/core/rxjs-interop";
import { BooleanFeatureFlagDirective, FeatureFlagService, StringFeatureFlagDirective } from "@openfeature/angular-sdk";

@Component({
  selector: "app-checkout",
  imports: [BooleanFeatureFlagDirective, StringFeatureFlagDirective],
  template: `
    <p id="checkout" *booleanFeatureFlag="'new-checkout'; default: false; else: oldCheckout; initializing: loading">new checkout</p>
    <ng-template #oldCheckout><p id="checkout">old checkout</p></ng-template>
    <ng-template #loading><p id="checkout">loading</p></ng-template>
    <p id="layout" *stringFeatureFlag="'checkout-layout'; default: '?'; let value; let details = evaluationDetails">layout {{ value }} {{ details.reason }}</p>
    <p id="max-items">max {{ maxItems()?.value }} {{ maxItems()?.reason }}</p>
  `,
})
export class CheckoutComponent {
  /** The service's observable as a signal: re-emits on configuration and context changes. */
  readonly maxItems = toSignal(inject(FeatureFlagService).getNumberDetails("max-items", 0));
}
