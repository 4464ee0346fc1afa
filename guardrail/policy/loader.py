"""Load a policy file: YAML with positions, validation, term files, ``extends``, hash.

``load_policy(path)`` returns a resolved :class:`~guardrail.policy.schema.Policy`: the parent
chain merged in, term files inlined into ``terms`` (so the result is self-contained), and the
SHA-256 of its canonical JSON set as ``policy.hash``. Every error is a PolicyError naming
``file:line:col`` and the key path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from guardrail.errors import PolicyCycleError, PolicyError
from guardrail.policy.confine import PolicyRoots, outside_fix
from guardrail.policy.hashing import policy_hash
from guardrail.policy.merge import merge_policies
from guardrail.policy.schema import Policy
from guardrail.policy.validate import read_terms_file, validate_document
from guardrail.policy.yamlmarks import MarkedDoc, read_marked_yaml

__all__ = [
    "BUILTIN_PREFIX",
    "builtin_policies",
    "default_policy_path",
    "load_policy",
    "policy_hash",
    "resolve_policy_path",
]

log = logging.getLogger(__name__)

BUILTIN_PREFIX = "builtin:"
DEFAULT_POLICY = "default"


def _builtin_dir() -> Path:
    return Path(str(resources.files("guardrail") / "data" / "policies"))


def default_policy_path() -> Path:
    """Path of the shipped default policy (inside the installed package)."""
    return _builtin_dir() / f"{DEFAULT_POLICY}.yaml"


def builtin_policies() -> list[str]:
    """Names of the shipped policies (``builtin:NAME``)."""
    return sorted(p.stem for p in _builtin_dir().glob("*.yaml") if not p.name.endswith(".tests.yaml"))


def resolve_policy_path(ref: str | Path | None, base_dir: Path | None = None) -> Path:
    """Turn ``None`` (the default), ``builtin:NAME`` or a path (relative to ``base_dir``) into a path."""
    if ref is None:
        return default_policy_path()
    text = str(ref)
    if text.startswith(BUILTIN_PREFIX):
        name = text[len(BUILTIN_PREFIX) :]
        path = _builtin_dir() / f"{name}.yaml"
        if not name or not path.is_file():
            raise PolicyError(
                f"unknown built-in policy {text!r}",
                fix=f"valid names: {', '.join(BUILTIN_PREFIX + n for n in builtin_policies())}",
            )
        return path
    path = Path(text).expanduser()
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    return path


def _read_files(
    doc: MarkedDoc, terms: list[str], files: list[str], where: tuple[str | int, ...], roots: PolicyRoots
) -> None:
    """Append the terms of ``files`` (relative to the policy, inside ``roots``) to ``terms``, skipping repeats."""
    base = doc.base_dir
    for j, rel in enumerate(files):
        path = Path(rel) if Path(rel).is_absolute() else base / rel
        if not roots.contains(path):  # validate_document reports it first; never read it regardless
            raise doc.error(
                f"terms file {rel!r} is outside the policy's folder", (*where, "terms_files", j), fix=outside_fix()
            )
        try:
            extra = read_terms_file(path)
        except (OSError, UnicodeDecodeError) as err:
            raise doc.error(f"cannot read terms file {rel!r}: {err}", (*where, "terms_files", j)) from err
        seen = set(terms)
        for term in extra:
            if term not in seen:
                seen.add(term)
                terms.append(term)


def _inline_terms(doc: MarkedDoc, roots: PolicyRoots) -> dict[str, Any]:
    """A copy of the raw policy with each rule's (and each all_of group's) terms files read into its terms."""
    data = dict(doc.data)
    prompt = dict(data.get("prompt") or {})
    rules = []
    for i, rule in enumerate(prompt.get("rules") or []):
        rule = dict(rule)
        terms = list(rule.get("terms") or [])
        _read_files(doc, terms, rule.pop("terms_files", None) or [], ("prompt", "rules", i), roots)
        if terms or "terms" in rule:
            rule["terms"] = terms
        if rule.get("all_of"):
            groups = []
            for g, group in enumerate(rule["all_of"]):
                if isinstance(group, dict):
                    group_terms = list(group.get("terms") or [])
                    _read_files(
                        doc, group_terms, group.get("terms_files") or [], ("prompt", "rules", i, "all_of", g), roots
                    )
                    group = {"terms": group_terms, "person_name": True} if group.get("person_name") else group_terms
                groups.append(group)
            rule["all_of"] = groups
        rules.append(rule)
    if "rules" in prompt:
        prompt["rules"] = rules
        data["prompt"] = prompt
    return data


def _load_raw(
    path: Path, display: str, chain: list[Path], via: tuple[MarkedDoc, Any] | None, roots: PolicyRoots
) -> dict[str, Any]:
    """Read, validate and resolve ``path`` and its parents (files inside ``roots`` only); return the merged raw data."""
    key = path.resolve()
    if key in chain:
        doc, where = via if via else (None, ())
        names = " -> ".join(str(p) for p in [*chain, key])
        if doc is not None:
            raise doc.error(
                f"'extends' makes a cycle: {names}",
                where,
                fix="remove 'extends' from one policy in the loop",
                cls=PolicyCycleError,
            )
        raise PolicyCycleError(f"'extends' makes a cycle: {names}", file=display)
    if not path.is_file():
        if via is not None:
            doc, where = via
            raise doc.error(
                f"extends target {str(path)!r} not found",
                where,
                fix="give a path relative to this file, or builtin:NAME",
            )
        raise PolicyError(
            "policy file not found" if not path.exists() else "not a file", file=display, fix="check the path"
        )
    if via is not None and not roots.contains(path):
        doc, where = via
        raise doc.error(
            f"extends target {str(path)!r} is outside the policy's folder (resolves to {path.resolve()}; allowed: "
            f"{roots.describe()})",
            where,
            fix=outside_fix(),
        )
    doc = read_marked_yaml(path, display=display)
    problems = validate_document(doc, roots)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            log.debug("%d more problems in %s", len(problems) - 1, display)
        raise first
    data = _inline_terms(doc, roots)
    parent_ref = data.get("extends")
    if parent_ref is None:
        return data
    try:
        parent_path = resolve_policy_path(parent_ref, base_dir=path.parent)
    except PolicyError as err:
        raise doc.error(err.message, ("extends",), fix=err.fix) from err
    parent = _load_raw(parent_path, str(parent_path), [*chain, key], (doc, ("extends",)), roots)
    return merge_policies(parent, data, doc)


def load_policy(path: str | Path | None = None, *, search_path: Iterable[str | Path] = ()) -> Policy:
    """Load and resolve a policy: ``None`` is the shipped default, ``builtin:NAME`` a shipped one.

    Terms files and ``extends`` targets must lie in the policy's folder, the shipped policies'
    folder, a folder of ``search_path`` or of ``$GUARDRAIL_POLICY_PATH`` (``guardrail.policy.confine``).
    """
    resolved = resolve_policy_path(path)
    display = str(resolved) if path is None or str(path).startswith(BUILTIN_PREFIX) else str(path)
    raw = _load_raw(resolved, display, [], None, PolicyRoots.for_policy(resolved, search_path))
    policy = Policy.model_validate(raw)
    policy._hash = policy_hash(policy)
    policy._source = str(resolved)
    log.debug("loaded policy %s %s (%s) from %s", policy.name, policy.version, policy.hash[:12], resolved)
    return policy
