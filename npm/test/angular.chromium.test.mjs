// OpenFeature's Angular SDK (@openfeature/angular-sdk) on top of Rollgate's web provider, in
// Chromium: the Angular section of npm/README.md (app.config.ts, and a standalone component
// with the SDK's structural directives and its FeatureFlagService), bootstrapped by
// test/browser/angular-app/main.ts, compiled ahead of time by Angular's compiler (ngc, strict
// templates) and bundled by Vite, with the packed package installed. Angular's own
// packages and the SDK ship partially compiled; the bundle links them with Angular's linker
// (its Babel plugin, as the Angular CLI does), so no JIT compiler runs in the page. The elements
// show Rollgate's values for the context, and follow a ruleset update and a context change.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "rollgate";
import { NPM_DIR, fileBlock, installPackedApp, ruleset } from "./helpers.mjs";
import { startStatic, chromiumSession } from "./static-server.mjs";

const README = readFileSync(path.join(NPM_DIR, "README.md"), "utf8");
/** The README's code block of `file` (it starts with the comment `// <file>`). */
const readmeFile = (file) => fileBlock(README, file);

let server;
const { work, browser } = await chromiumSession("rollgate-angular-", () => server);

/**
 * A Vite plugin running Angular's linker on the partially compiled packages (`ɵɵngDeclare*`
 * calls): what the Angular CLI's build does for every library.
 */
async function angularLinker() {
  const compilerCli = fileURLToPath(import.meta.resolve("@angular/compiler-cli/package.json"));
  const babel = createRequire(compilerCli)("@babel/core");
  const { default: linkerPlugin } = await import("@angular/compiler-cli/linker/babel");
  return {
    name: "angular-linker",
    async transform(code, id) {
      if (!/\.m?js$/.test(id) || !code.includes("ɵɵngDeclare")) return null;
      const result = await babel.transformAsync(code, { filename: id, babelrc: false, configFile: false, compact: false, sourceMaps: false, plugins: [linkerPlugin] });
      return { code: result.code, map: null };
    },
  };
}

/** Rollgate's answers in Node for the same context (what the page must show). */
async function expected(rs, context) {
  const engine = await Engine.create(rs);
  const out = Object.fromEntries(["new-checkout", "checkout-layout", "max-items"].map((key) => [key, engine.evaluate(key, context)]));
  engine.free();
  return out;
}

test("@openfeature/angular-sdk over RollgateProvider: AOT-compiled Angular 21 in Chromium renders Rollgate's values, and follows a ruleset update and a context change", async () => {
  const pkg = JSON.parse(readFileSync(path.join(NPM_DIR, "package.json"), "utf8"));
  assert.match(pkg.devDependencies["@angular/core"], /^21\.2\./);
  assert.equal(pkg.devDependencies["@openfeature/angular-sdk"], "1.2.0");
  const app = installPackedApp(work);
  for (const dep of ["@angular", "@openfeature", "rxjs", "tslib"]) symlinkSync(path.join(NPM_DIR, "node_modules", dep), path.join(app, "node_modules", dep));
  cpSync(path.join(NPM_DIR, "test", "browser", "angular-app"), path.join(app, "src"), { recursive: true });
  // The README's files as they are; the free names of its snippets (userId, appVersion,
  // platform: the app's user) declared first.
  writeFileSync(path.join(app, "src", "app.config.ts"), `const userId = "u1", appVersion = "2.4.0", platform = "ios";\n${readmeFile("app.config.ts")}`);
  writeFileSync(path.join(app, "src", "checkout.component.ts"), readmeFile("checkout.component.ts"));
  writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, target: "ES2022", module: "ES2022", moduleResolution: "bundler", lib: ["ES2022", "DOM"], types: [],
      useDefineForClassFields: false, outDir: "out", rootDir: "src",
    },
    angularCompilerOptions: { strictTemplates: true, strictInjectionParameters: true },
    files: ["src/main.ts"],
  }));
  const ngc = path.join(path.dirname(fileURLToPath(import.meta.resolve("@angular/compiler-cli/package.json"))), "bundles", "src", "bin", "ngc.js");
  const compiled = spawnSync(process.execPath, [ngc, "-p", path.join(app, "tsconfig.json")], { cwd: app, encoding: "utf8" });
  assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
  const component = readFileSync(path.join(app, "out", "checkout.component.js"), "utf8");
  assert.match(component, /ɵɵdefineComponent\(\{[^]*template: function CheckoutComponent_Template/, "the template compiled ahead of time");

  writeFileSync(path.join(app, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><app-checkout></app-checkout><script type="module" src="/out/main.js"></script>`);
  const { build } = await import("vite");
  // The production defines of the Angular CLI: no dev-mode checks, no JIT, and the class
  // metadata kept for them (the templates' source) dropped.
  const define = { ngDevMode: "false", ngJitMode: "false", ngI18nClosureMode: "false" };
  await build({ root: app, logLevel: "silent", mode: "production", define, plugins: [await angularLinker()], build: { outDir: path.join(app, "dist"), emptyOutDir: true } });
  const bundle = readdirSync(path.join(app, "dist", "assets")).filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(app, "dist", "assets", f), "utf8")).join("\n");
  assert.doesNotMatch(bundle, /ɵɵngDeclare/, "every partial declaration linked");
  assert.doesNotMatch(bundle, /booleanFeatureFlag="/, "no template source left for a JIT compiler");

  let served = ruleset(1);
  server = await startStatic({ "/": path.join(app, "dist") + path.sep }, {
    "/flags/prod.json": (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
      res.end(JSON.stringify(served));
    },
  });
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => window.__app !== undefined, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__app.error), undefined);

  /** The texts once they equal `want` (Angular renders on its own schedule). */
  const texts = async (want) => {
    const read = () => page.evaluate(() => Object.fromEntries(["checkout", "layout", "max-items"].map((id) => [id, document.getElementById(id)?.textContent.trim()])));
    await page.waitForFunction((w) => ["checkout", "layout", "max-items"].every((id) => document.getElementById(id)?.textContent.trim() === w[id]), want, { timeout: 10_000 }).catch(() => {});
    return read();
  };
  const view = (r) => ({
    checkout: r["new-checkout"].value ? "new checkout" : "old checkout",
    layout: `layout ${r["checkout-layout"].value}`,
    "max-items": `up to ${r["max-items"].value} items`,
  });

  // Rollgate's values for the context given to OpenFeatureModule.forRoot.
  const ios24 = { userId: "u1", appVersion: "2.4.0", platform: "ios" };
  let want = view(await expected(served, ios24));
  assert.deepEqual(want, { checkout: "new checkout", layout: "layout a", "max-items": "up to 5 items" });
  assert.deepEqual(await texts(want), want);

  // A ruleset update (new-checkout rolled back to 0%, layout B, max-items 50): the provider's
  // CONFIGURATION_CHANGED re-renders the directives and re-emits the service's observable.
  served = ruleset(2, { percent: 0, layout: "b" });
  served.flags["max-items"].default = "big";
  assert.equal(await page.evaluate(() => window.__app.provider.client.refresh()), "updated");
  want = view(await expected(served, ios24));
  assert.deepEqual(want, { checkout: "old checkout", layout: "layout b", "max-items": "up to 50 items" });
  assert.deepEqual(await texts(want), want);

  // Back to 100%, then a context change through OpenFeature: an old app version turns it off.
  served = ruleset(3, { percent: 100, layout: "b" });
  assert.equal(await page.evaluate(() => window.__app.provider.client.refresh()), "updated");
  assert.equal((await texts({ ...want, checkout: "new checkout", "max-items": "up to 5 items" })).checkout, "new checkout");
  await page.evaluate(() => window.__app.setContext({ targetingKey: "u1", appVersion: "2.2.0", platform: "ios" }));
  const old = await expected(served, { userId: "u1", appVersion: "2.2.0", platform: "ios" });
  assert.equal(old["new-checkout"].reason, "TARGETING_MATCH");
  want = view(old);
  assert.deepEqual(await texts(want), want);

  assert.deepEqual(problems, []);
});
