"""Apply ``extends``: merge a child policy's raw data over its resolved parent.

- Sections (``checks``, ``provenance``, ``generation``, ``audit``) merge key by key; lists and
  scalars given by the child replace the parent's.
- ``prompt.rules`` merge by id: a child rule with a parent's id replaces it, new ids are
  appended. ``prompt.disable`` drops inherited rules; ``prompt.exceptions`` add to the parent's; ``prompt.benign``
  phrases add too, but a child's may not contain a term of an inherited final rule.
- A parent rule with ``final: true`` may be restated only in a way that is at least as strict
  (same or stronger action and severity, a superset of its terms, patterns and co-occurrence
  groups, no new exceptions, still final) and may not be disabled. Anything else is a
  PolicyError pointing at the child's rule.
"""

from __future__ import annotations

import copy
from typing import Any

from guardrail.errors import PolicyError
from guardrail.outcomes import PROMPT_ACTION_RANK
from guardrail.policy.schema import PromptRule, Severity
from guardrail.policy.yamlmarks import MarkedDoc

__all__ = ["SEVERITY_RANK", "merge_policies"]

SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}
"""Order of severities."""


def _deep_merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _weakening(parent: PromptRule, child: PromptRule, raw_child: dict[str, Any]) -> str | None:
    """Why ``child`` weakens the final ``parent`` rule, or None if it is at least as strict."""
    if PROMPT_ACTION_RANK[child.action] < PROMPT_ACTION_RANK[parent.action]:
        return f"action {child.action.value!r} is weaker than the parent's {parent.action.value!r}"
    if SEVERITY_RANK[child.severity] < SEVERITY_RANK[parent.severity]:
        return f"severity {child.severity.value!r} is lower than the parent's {parent.severity.value!r}"
    if "final" in raw_child and not child.final:
        return "it sets 'final: false'"
    missing = set(parent.terms) - set(child.terms)
    if missing:
        return f"it drops terms {sorted(missing)[:5]}"
    missing = set(parent.patterns) - set(child.patterns)
    if missing:
        return f"it drops patterns {sorted(missing)[:5]}"
    if len(child.all_of) != len(parent.all_of) or any(
        not set(p.terms) <= set(c.terms) or (p.person_name and not c.person_name)
        for p, c in zip(parent.all_of, child.all_of, strict=True)
    ):
        return "its all_of groups do not contain the parent's"
    if parent.fuzzy and not child.fuzzy:
        return "it turns 'fuzzy' off"
    if parent.window is not None and child.window is not None and child.window < parent.window:
        return f"its window {child.window} is narrower than the parent's {parent.window}"
    if parent.window is None and child.window is not None:
        return "it adds a window (the parent matches its groups anywhere)"
    added = set(child.exceptions) - set(parent.exceptions)
    if added:
        return f"it adds exceptions {sorted(added)[:5]}"
    return None


def _final_terms(rules: list[dict[str, Any]]) -> set[str]:
    """Normalised terms (rule terms and all_of group terms) of the final rules among ``rules``."""
    from guardrail.screening.normalise import normalise_term

    out: set[str] = set()
    for rule in rules:
        if not rule.get("final"):
            continue
        groups = [g if isinstance(g, list) else (g.get("terms") or []) for g in rule.get("all_of") or []]
        for term in [*(rule.get("terms") or []), *(t for g in groups for t in g)]:
            norm = normalise_term(term)
            if norm:
                out.add(norm)
    return out


def _contains_term(phrase: str, terms: set[str]) -> str | None:
    """A term of ``terms`` found on whole words inside ``phrase``, or None."""
    from guardrail.screening.normalise import normalise_term

    padded = f" {normalise_term(phrase)} "
    return next((t for t in sorted(terms) if f" {t} " in padded), None)


def merge_policies(parent: dict[str, Any], child: dict[str, Any], child_doc: MarkedDoc) -> dict[str, Any]:
    """Merge the validated raw ``child`` over the resolved raw ``parent`` (term files already inlined)."""
    out = _deep_merge(
        {k: v for k, v in parent.items() if k != "prompt"}, {k: v for k, v in child.items() if k != "prompt"}
    )
    p_prompt = parent.get("prompt") or {}
    c_prompt = child.get("prompt") or {}
    prompt: dict[str, Any] = {
        k: copy.deepcopy(v) for k, v in p_prompt.items() if k not in ("rules", "exceptions", "disable")
    }
    for key in ("max_length", "classifiers"):
        if key in c_prompt:
            prompt[key] = copy.deepcopy(c_prompt[key])
    exceptions = list(p_prompt.get("exceptions") or [])
    exceptions += [e for e in c_prompt.get("exceptions") or [] if e not in exceptions]
    prompt["exceptions"] = exceptions
    benign = list(p_prompt.get("benign") or [])
    final_terms = _final_terms(p_prompt.get("rules") or [])
    for j, phrase in enumerate(c_prompt.get("benign") or []):
        if phrase in benign:
            continue
        hit = _contains_term(phrase, final_terms)
        if hit:
            raise child_doc.error(
                f"benign phrase {phrase!r} contains {hit!r}, a term of a final rule of the parent policy",
                ("prompt", "benign", j),
                fix="benign phrases that touch a final rule belong in the policy that defines the rule",
            )
        benign.append(phrase)
    if benign:
        prompt["benign"] = benign

    rules: dict[str, dict[str, Any]] = {r["id"]: copy.deepcopy(r) for r in p_prompt.get("rules") or []}
    for j, rid in enumerate(c_prompt.get("disable") or []):
        if rid not in rules:
            raise child_doc.error(
                f"cannot disable {rid!r}: the parent policy has no such rule",
                ("prompt", "disable", j),
                fix=f"known ids: {', '.join(sorted(rules))}",
            )
        if rules[rid].get("final"):
            raise child_doc.error(
                f"cannot disable {rid!r}: the parent marks it final",
                ("prompt", "disable", j),
                fix="remove it from 'disable'",
            )
        del rules[rid]
    for i, raw_rule in enumerate(c_prompt.get("rules") or []):
        rid = raw_rule["id"]
        old = rules.get(rid)
        new = copy.deepcopy(raw_rule)
        if old is not None and old.get("final"):
            reason = _weakening(PromptRule.model_validate(old), PromptRule.model_validate(new), raw_rule)
            if reason:
                raise child_doc.error(
                    f"rule {rid!r} is final in the parent policy and cannot be weakened: {reason}",
                    ("prompt", "rules", i),
                    fix="give the rule a new id, or restate it at least as strictly",
                    cls=PolicyError,
                )
            new["final"] = True
        rules[rid] = new
    prompt["rules"] = list(rules.values())
    out["prompt"] = prompt
    for key in ("name", "version", "description", "extends"):
        if key in child:
            out[key] = child[key]
        elif key in ("description", "extends"):
            out.pop(key, None)
    return out
