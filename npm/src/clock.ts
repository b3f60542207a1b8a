// The server's time as seen from a device whose clock may be off. Scheduled ramp steps are
// instants on the server's clock; a phone set a day behind would otherwise start them a day
// late. Every response of the ruleset's host says what time it is there (`Date`), and a CDN's
// copy says how old it is (`Age`): from those and the request's round trip the client estimates
// how far the device's clock is off.

/** Half of `Date`'s resolution (one second): the server's instant lies within ±500 ms of `Date + 500`. */
const HALF_SECOND = 500;

/**
 * The device's clock corrected by the last estimate of its offset from the ruleset server's.
 * An estimate within its own uncertainty (the headers' one-second resolution plus half the
 * round trip) counts as no offset at all: the device's clock agrees with the server's as far as
 * one response can tell, and a clock synchronised by NTP is better than that estimate.
 */
export class ServerClock {
  private estimate = 0;

  /** `device`: the device's clock, epoch ms (`Date.now`, or a test's). */
  constructor(private readonly device: () => number) {}

  /** The device's clock reading now, epoch ms (uncorrected: for timing requests). */
  deviceNow(): number {
    return this.device();
  }

  /** The server's time now, as well as it is known, epoch ms. */
  now(): number {
    return this.device() + this.estimate;
  }

  /** Milliseconds to add to the device's clock to get the server's (0 while none was measured). */
  get offset(): number {
    return this.estimate;
  }

  /**
   * Takes a response's `Date` and `Age` headers, the request sent at device time `sentAt` and
   * its headers received at `receivedAt`. The response was made between the two, when the
   * server's clock read `Date + Age` (plus up to a second, `Date`'s resolution). Returns true
   * when the estimate changed. A response without a readable `Date` (a host that sends none,
   * or another origin that does not expose it) changes nothing.
   */
  observe(headers: Headers, sentAt: number, receivedAt: number): boolean {
    const date = headers.get("Date");
    if (date === null) return false;
    const serverMs = Date.parse(date);
    if (!Number.isFinite(serverMs)) return false;
    const ageHeader = headers.get("Age")?.trim();
    const age = ageHeader !== undefined && /^\d+$/.test(ageHeader) ? Number(ageHeader) : undefined;
    const roundTrip = Math.max(0, receivedAt - sentAt);
    const estimate = serverMs + (age ?? 0) * 1000 + HALF_SECOND - (sentAt + roundTrip / 2);
    // Age has a one-second resolution of its own.
    const uncertainty = HALF_SECOND + (age === undefined ? 0 : HALF_SECOND) + roundTrip / 2;
    const next = Math.abs(estimate) <= uncertainty ? 0 : Math.round(estimate);
    const changed = next !== this.estimate;
    this.estimate = next;
    return changed;
  }
}
