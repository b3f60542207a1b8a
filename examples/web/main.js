// The demo: one Engine, the ruleset of flags.json, re-evaluated in one call (evaluateAll)
// whenever an input or the rollout slider changes. Served from the repo root, it imports the
// built package by path (scripts/build-npm.sh first); an app would `import "rollgate"`.
import { Engine } from "../../npm/dist/index.js";

const $ = (id) => document.getElementById(id);
const ruleset = await (await fetch("./flags.json")).json();
const engine = await Engine.create(ruleset);
let previous = new Map();

function context() {
  return { userId: $("userId").value, appVersion: $("appVersion").value, platform: $("platform").value, email: $("email").value };
}

function render() {
  const ctx = engine.context(context());
  const results = engine.evaluateAll(ctx).toMap();
  ctx.free();
  const rows = [];
  for (const [key, r] of results) {
    const changed = previous.size > 0 && JSON.stringify(previous.get(key)?.value) !== JSON.stringify(r.value);
    const cls = r.value === true ? "on" : r.value === false ? "off" : "";
    rows.push(`<tr data-flag="${key}" class="${changed ? "changed" : ""}"><td>${key}</td><td class="value ${cls}">${JSON.stringify(r.value ?? null)}</td>` +
      `<td>${r.variant ?? ""}</td><td>${r.reason}${r.failedPrerequisite ? ` (${r.failedPrerequisite})` : ""}${r.errorCode ? ` ${r.errorCode}` : ""}</td><td>${r.ruleId ?? ""}</td></tr>`);
  }
  $("flags").innerHTML = rows.join("");
  previous = results;
  // How many of 1,000 simulated users on this version/platform get new-checkout.
  let on = 0;
  const base = context();
  for (let i = 0; i < 1000; i++) if (engine.evaluate("new-checkout", { ...base, userId: `sim-${i}`, email: "" }).value === true) on++;
  $("reach").textContent = `new-checkout reaches ${on} of 1,000 simulated ${base.platform} users on ${base.appVersion}.`;
  $("status").textContent = `revision ${engine.revision} · ${results.size} flags · evaluated locally (WebAssembly)`;
}

$("rollout").addEventListener("input", () => {
  const percent = Number($("rollout").value);
  $("percentLabel").textContent = `${percent}%`;
  const rule = ruleset.flags["new-checkout"].rules.find((r) => r.id === "mobile");
  rule.rollout.percent = percent;
  ruleset.revision += 1;
  engine.load(ruleset);
  render();
});
for (const id of ["appVersion", "platform", "userId", "email"]) $(id).addEventListener("input", render);
render();
window.__demoReady = true;
