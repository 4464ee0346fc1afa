// The verify page: each picked or dropped image is sent to /v1/verify; its verdict is shown in plain words.
"use strict";
const WORDS = {
  "ai-generated": ["ok", "AI-generated", "A valid signed content credential says an AI model made this image."],
  "ai-generated-recovered": ["ok", "AI-generated (credential recovered)", "The signed credential was stripped from this file, but its invisible watermark or fingerprint leads to a release stored by this service."],
  "tampered": ["bad", "Altered after signing", "This file carries a signed credential that no longer matches it: the picture or its record was changed after signing."],
  "signer-expired": ["bad", "Signature expired", "The content matches its credential, but the signing certificate has expired and no timestamp proves it was signed in time."],
  "no-provenance": ["warn", "No provenance found", "Nothing in this file or this service's records says where it comes from. This does not mean a person made it."],
};

function generation(manifest) {
  for (const a of (manifest && manifest.assertions) || []) {
    if (a.label === "org.guardrail.generation") return a.data || {};
  }
  return {};
}

function evidence(report) {
  const rows = [];
  const gen = generation(report.manifest);
  const c = report.c2pa || {};
  if (c.signer) rows.push(["Signed by", c.signer]);
  rows.push(["Trust", c.state ? (c.trusted ? "the signer is in the trust list" : "the signature is valid but the signer is not in the trust list") : (report.recovered_by ? "recovered from this service's store by " + report.recovered_by : "no signed credential in the file")]);
  rows.push(["When", c.signed_time || (c.state ? "no trusted timestamp (signed offline)" : "unknown")]);
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
    const [tone, headline, words] = WORDS[report.verdict] || ["warn", report.verdict, ""];
    li.className = "card " + tone;
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
