// A deterministic mixed ruleset of N flags (bench and soak test): boolean rollouts behind
// version and platform gates, string splits, segments, regex and date conditions, numbers,
// objects, prerequisites and disabled flags.

/** The reference flag: appVersion >= 2.3.0 and platform in [ios, android], then 10% by userId. */
export const REFERENCE_FLAG = {
  type: "boolean", variants: { on: true, off: false }, default: "off",
  rules: [{
    id: "mobile-10",
    when: { all: [{ attr: "appVersion", op: "semver", range: ">=2.3.0" }, { attr: "platform", op: "in", values: ["ios", "android"] }] },
    rollout: { by: "userId", percent: 10, serve: "on" },
  }],
};

/** `{schema, revision, segments, flags}` with `n` flags (the first is `reference`). */
export function generateRuleset(n = 200, revision = 1) {
  const flags = { reference: REFERENCE_FLAG };
  const segments = {
    staff: { attr: "email", op: "endsWith", value: "@acme.com" },
    beta: { any: [{ attr: "groups", op: "in", values: ["beta", "qa"] }, { attr: "email", op: "endsWith", value: "@acme.com" }] },
  };
  for (let i = 1; i < n; i++) {
    const key = `flag-${String(i).padStart(3, "0")}`;
    switch (i % 8) {
      case 0:
        flags[key] = { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [
          { id: "old", when: { attr: "appVersion", op: "semver", range: `<2.${i % 10}.0 || 3.0.0-beta.${i % 5}` }, serve: "off" },
          { id: "ramp", when: { attr: "platform", op: "in", values: ["ios", "android"] }, rollout: { by: "userId", percent: (i * 7) % 100, serve: "on" } }] };
        break;
      case 1:
        flags[key] = { type: "string", variants: { A: "a", B: "b", C: "c" }, default: "A", rules: [
          { id: "ab", split: { by: "userId", variants: [{ variant: "A", weight: 34 }, { variant: "B", weight: 33 }, { variant: "C", weight: 33 }] } }] };
        break;
      case 2:
        flags[key] = { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [
          { id: "beta", when: { segment: "beta" }, serve: "on" }] };
        break;
      case 3:
        flags[key] = { type: "number", variants: { low: 10, high: 100 }, default: "low", rules: [
          { id: "big", when: { all: [{ attr: "country", op: "in", values: ["FR", "DE", "US"] }, { attr: "score", op: "gte", value: i }] }, serve: "high" }] };
        break;
      case 4:
        flags[key] = { type: "object", variants: { v1: { color: "blue", size: i }, v2: { color: "red", size: i * 2 } }, default: "v1", rules: [
          { id: "email", when: { attr: "email", op: "matches", value: `^user${i % 10}[0-9]*@` }, serve: "v2" }] };
        break;
      case 5:
        flags[key] = { type: "boolean", variants: { on: true, off: false }, default: "off", enabled: i % 3 !== 0,
          prerequisites: [{ flag: "reference", variants: ["on"] }], rules: [{ id: "all", rollout: { percent: 50, serve: "on" } }] };
        break;
      case 6:
        flags[key] = { type: "boolean", variants: { on: true, off: false }, default: "off", rules: [
          { id: "launch", when: { attr: "signupDate", op: "after", value: "2025-06-01T00:00:00Z" }, serve: "on" },
          { id: "steps", rollout: { steps: [{ at: "2026-01-01T00:00:00Z", percent: 1 }, { at: "2026-02-01T00:00:00Z", percent: 25 }], serve: "on" } }] };
        break;
      default:
        flags[key] = { type: "string", variants: { x: "x", y: "y" }, default: "x" };
    }
  }
  return { schema: 1, revision, segments, flags };
}

/** A typical mobile user. */
export const USER = { userId: "user-42", appVersion: "2.4.1", platform: "ios", email: "user42@example.com", country: "FR", score: 120, groups: ["beta"], signupDate: "2025-09-01T00:00:00Z" };
