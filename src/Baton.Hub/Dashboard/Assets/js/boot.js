// The first thing the page runs: asks for the board at once, while the browser still fetches the page's modules, then
// starts the page (app.js), which takes this answer for its first read.
window.batonBoard = fetch("/api/board", { credentials: "same-origin", cache: "no-store", headers: { "X-Baton-Page": "1" } });
import("./app.js");
