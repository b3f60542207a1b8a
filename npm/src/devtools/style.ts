// The panel's look, scoped to its shadow root: compact, readable on a light page, and fixed
// to a corner of the viewport when the panel floats over the app.

/** The panel's stylesheet. */
export const STYLE = `
:host { display: block; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1f2328; }
:host([floating]) { position: fixed; right: 12px; bottom: 12px; width: min(760px, calc(100vw - 24px)); max-height: 80vh; overflow: auto; z-index: 2147483647; box-shadow: 0 8px 24px rgba(0,0,0,.2); }
.panel { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
header { display: flex; gap: 8px; align-items: center; padding: 6px 10px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
.title { font-weight: 600; }
.status { flex: 1; color: #57606a; }
.status.stale, .error { color: #cf222e; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; padding: 6px 10px; border-bottom: 1px solid #d0d7de; }
dt { color: #57606a; }
dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
.toolbar { display: flex; gap: 8px; align-items: center; padding: 6px 10px; }
input[type=search] { flex: 1; font: inherit; padding: 2px 6px; border: 1px solid #d0d7de; border-radius: 4px; }
button, select { font: inherit; }
.count { color: #57606a; }
.notice { margin: 0; padding: 4px 10px; color: #cf222e; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px; border-top: 1px solid #eaeef2; vertical-align: top; }
th { color: #57606a; font-weight: 600; }
td.value { max-width: 220px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
tr.overridden { background: #fff8c5; }
tr.selected { outline: 2px solid #0969da; outline-offset: -2px; }
.why { border-top: 1px solid #d0d7de; padding: 6px 10px; }
.why header { padding: 0 0 4px; background: none; border: 0; }
.why header .title { flex: 1; }
.why ol { list-style: none; margin: 0; padding: 0; }
.why li { white-space: pre-wrap; word-break: break-word; }
.why li.depth1 { padding-left: 2ch; }
.why li.depth2 { padding-left: 4ch; }
.why li.pass { color: #1a7f37; }
.why li.fail { color: #9a6700; }
`;
