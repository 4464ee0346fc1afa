// Shared helpers of the pages: the API key (kept for this tab only) and problem messages.
"use strict";
const keyInput = document.getElementById("api-key");
keyInput.value = sessionStorage.getItem("guardrail-key") || "";
keyInput.addEventListener("change", () => sessionStorage.setItem("guardrail-key", keyInput.value.trim()));

function authHeaders() {
  const key = keyInput.value.trim();
  return key ? { "Authorization": "Bearer " + key } : {};
}

async function problemText(resp) {
  // Every error of the service is a JSON problem with where / what / fix.
  try {
    const p = await resp.json();
    return (p.where ? p.where + ": " : "") + p.what + (p.fix ? " (fix: " + p.fix + ")" : "");
  } catch (e) {
    return "HTTP " + resp.status;
  }
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child);
  return node;
}
