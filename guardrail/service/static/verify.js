// The verify page: each picked or dropped image is sent to /v1/verify; its verdict is shown in plain words.
"use strict";
// Headlines only; the sentence, the trust words and the exit code come from the library's report
// (guardrail.provenance.verdicts: one vocabulary for the CLI, JSON, HTTP and this page).
const HEADLINES = {
  "ai-generated": "AI-generated",
  "ai-edited": "AI was used to make or edit this image",
  "ai-generated-recovered": "AI-generated (credential recovered)",
  "ai-watermarked": "AI watermark found",
  "similar-to-ai-release": "Similar to an AI release",
  "credentials-no-ai": "Signed credentials, no AI declared",
  "ai-declared-unsigned": "Unsigned metadata says AI",
  "tampered": "Altered after signing",
  "unreadable": "Credential could not be read",
  "signer-expired": "Signature expired",
  "no-provenance": "No provenance found",
};
const BAD = new Set(["tampered", "signer-expired"]);

function tone(report) {
  if (BAD.has(report.verdict)) return "bad";
  return report.exit_code === 0 ? "ok" : "warn";
}

function generation(manifest) {
  for (const a of (manifest && manifest.assertions) || []) {
    if (String(a.label || "").split(".v")[0] === "org.guardrail.generation") return a.data || {};
  }
  return {};
}

function evidence(report) {
  const rows = [];
  const c = report.c2pa || {};
  const rec = report.recovery || {};
  const gen = generation(report.manifest);
  const signer = c.signer || rec.signer;
  if (signer) rows.push(["Signed by", signer]);
  rows.push(["Trust", report.trust_words || report.trust]);
  rows.push(["When", c.signed_time || (rec.released ? "released " + rec.released : (c.state ? "no trusted timestamp (signed offline)" : "unknown"))]);
  const model = c.model || gen.model;
  if (model) rows.push(["Model", model]);
  if (gen.policy && gen.policy.name) rows.push(["Policy", gen.policy.name + " (" + String(gen.policy.hash || "").slice(0, 12) + ")"]);
  if (c.failures && c.failures.length) rows.push(["What was altered", c.failures.join("; ")]);
  const wm = report.watermark || {};
  if (wm.detected) rows.push(["Watermark", (wm.watermark_id || wm.tag) + " (" + wm.backend + ")"]);
  rows.push(["Why", (report.reasons || []).join(" ")]);
  return rows;
}

function card(file, url) {
  const title = el("h3", { textContent: "Checking " + file.name + "..." });
  const li = el("li", { className: "card" }, el("img", { src: url, alt: "Preview of " + file.name }), el("div", {}, title));
  return li;
}

async function verifyFile(file) {
  const url = URL.createObjectURL(file);
  const li = card(file, url);
  document.getElementById("results").prepend(li);
  const body = li.querySelector("div");
  try {
    const resp = await fetch("/v1/verify", { method: "POST", headers: authHeaders(), body: file });
    if (!resp.ok) {
      li.className = "card bad";
      body.replaceChildren(el("h3", { textContent: file.name + ": could not verify" }), el("p", { textContent: await problemText(resp) }));
      return;
    }
    const report = await resp.json();
    const headline = HEADLINES[report.verdict] || report.verdict;
    const words = report.meaning || "";
    li.className = "card " + tone(report);
    li.dataset.verdict = report.verdict;
    const dl = el("dl");
    for (const [k, v] of evidence(report)) dl.append(el("dt", { textContent: k }), el("dd", { textContent: v }));
    body.replaceChildren(
      el("h3", { textContent: headline }),
      el("p", { textContent: file.name + ": " + words }),
      dl,
      el("p", { className: "verdict-code", textContent: "verdict: " + report.verdict }),
    );
  } catch (e) {
    li.className = "card bad";
    body.replaceChildren(el("h3", { textContent: file.name + ": the service did not answer" }), el("p", { textContent: String(e) }));
  }
}

async function verifyAll(files) {
  const status = document.getElementById("status");
  status.textContent = "Verifying " + files.length + " image(s)...";
  await Promise.all(Array.from(files).map(verifyFile));
  status.textContent = "Done: " + files.length + " image(s) verified.";
}

const input = document.getElementById("files");
input.addEventListener("change", () => { if (input.files.length) verifyAll(input.files); });
const drop = document.getElementById("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); if (e.dataTransfer.files.length) verifyAll(e.dataTransfer.files); });
