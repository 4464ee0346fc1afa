// The screen page: send the prompt to /v1/screen and say what the policy decided.
"use strict";
const MEANING = {
  allow: ["ok", "Allowed", "No rule of the policy matched."],
  flag: ["warn", "Allowed, flagged", "The prompt may be used; the match is recorded for review."],
  rewrite: ["warn", "Allowed after rewriting", "Matching words are replaced before generation."],
  block: ["bad", "Blocked", "The policy refuses this prompt: nothing would be generated."],
};

document.getElementById("screen-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("decision");
  out.replaceChildren(el("p", { textContent: "Screening..." }));
  const prompt = document.getElementById("prompt").value;
  const resp = await fetch("/v1/screen", { method: "POST", headers: { ...authHeaders(), "Content-Type": "application/json" }, body: JSON.stringify({ prompt }) });
  if (!resp.ok) {
    out.replaceChildren(el("div", { className: "card bad" }, el("div"), el("div", {}, el("h3", { textContent: "Could not screen" }), el("p", { textContent: await problemText(resp) }))));
    return;
  }
  const d = await resp.json();
  const [tone, headline, words] = MEANING[d.action] || ["warn", d.action, ""];
  const dl = el("dl");
  dl.append(el("dt", { textContent: "Policy" }), el("dd", { textContent: d.policy.name + " " + d.policy.version + " (" + d.policy.hash.slice(0, 12) + ")" }));
  for (const m of d.matches) dl.append(el("dt", { textContent: "Rule " + m.rule_id }), el("dd", { textContent: m.action + ": matched \"" + m.text + "\" (" + m.category + ", " + m.severity + ")" }));
  if (d.rewritten) dl.append(el("dt", { textContent: "Generated from" }), el("dd", { textContent: d.effective_prompt }));
  if (d.negative_prompt) dl.append(el("dt", { textContent: "Negative prompt" }), el("dd", { textContent: d.negative_prompt }));
  const box = el("div", { className: "card " + tone }, el("div"), el("div", {}, el("h3", { textContent: headline }), el("p", { textContent: words }), dl, el("p", { className: "verdict-code", textContent: "action: " + d.action })));
  box.dataset.action = d.action;
  out.replaceChildren(box);
});
