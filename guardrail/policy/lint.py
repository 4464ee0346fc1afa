"""Lint a policy: every problem in the file, then the backends it names, built but not loaded.

``lint_policy(path)`` returns every problem it can find, each a PolicyError at ``file:line:col``:

1. the file's own content (YAML, schema, rule ids, RE2 patterns, term files), all at once;
2. resolving ``extends`` (the first problem met);
3. the backends the resolved policy names: each classifier is constructed through
   ``guardrail.checks.registry.create_classifier`` (options validated, no model loaded) and its
   categories compared with the ones it can score; the watermark backend through
   ``guardrail.provenance.watermark.get_backend``; signer cert/key files must exist;
4. a classifier with no category that can block, flag or blur decides nothing, and a policy
   that runs no deciding image check at all (no such classifier, similarity disabled) would let
   every image pass unchecked: both are errors (fail closed);
5. terms files and ``extends`` targets outside the policy's folder (``guardrail.policy.confine``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from guardrail.errors import GuardrailError, PolicyError
from guardrail.policy.confine import PolicyRoots
from guardrail.policy.loader import BUILTIN_PREFIX, load_policy, resolve_policy_path
from guardrail.policy.validate import validate_document
from guardrail.policy.yamlmarks import KeyPath, MarkedDoc, read_marked_yaml

__all__ = ["backend_problems", "lint_policy", "parse_key_path"]

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_key_path(text: str) -> KeyPath:
    """Inverse of ``format_key_path``: ``checks.classifiers[0].options`` ->
    ``("checks", "classifiers", 0, "options")``."""
    return tuple(int(index) if index else name for name, index in _PART.findall(text))


def _problem(doc: MarkedDoc, message: str, path: KeyPath, fix: str | None = None) -> PolicyError:
    """A PolicyError at ``path``; a section the file does not state was inherited, so point at ``extends``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    if path[:2] not in doc.marks and "extends" in data:
        return doc.error(f"{message} (inherited through 'extends', at {_fmt(path)})", ("extends",), fix=fix)
    return doc.error(message, path, fix=fix)


def _fmt(path: KeyPath) -> str:
    from guardrail.policy.yamlmarks import format_key_path

    return format_key_path(path)


def _from_error(doc: MarkedDoc, err: GuardrailError, fallback: str) -> PolicyError:
    """Re-locate a backend's error (its key path, or ``fallback``) in this file."""
    key = (
        getattr(err, "key_path", None)
        or (err.where if err.where and not err.where.startswith(("/", ".")) else None)
        or fallback
    )
    message = err.message.removeprefix(f"{key}: ")
    return _problem(doc, message, parse_key_path(key), fix=err.fix)


def _classifier_problems(doc: MarkedDoc, classifiers: Any, section: str = "checks") -> list[PolicyError]:
    """Problems of image classifiers (``section='checks'``) or prompt classifiers (``'prompt'``)."""
    if section == "prompt":
        from guardrail.screening.classifiers.registry import create_prompt_classifier as create_classifier
    else:
        from guardrail.checks.registry import create_classifier

    problems: list[PolicyError] = []
    for i, config in enumerate(classifiers if isinstance(classifiers, list) else []):
        if not isinstance(config, dict) or not isinstance(config.get("backend"), str):
            continue
        where = f"{section}.classifiers[{i}]"
        options = config.get("options") if isinstance(config.get("options"), dict) else {}
        try:
            classifier = create_classifier(config["backend"], dict(options), where)
        except PolicyError as err:
            problems.append(_from_error(doc, err, f"{where}.options"))
            continue
        except GuardrailError as err:
            problems.append(_from_error(doc, err, f"{where}.backend"))
            continue
        scored = classifier.categories()
        categories = config.get("categories") if isinstance(config.get("categories"), dict) else {}
        if not _decides(config):
            problems.append(
                _problem(
                    doc,
                    f"classifier {config['backend']!r} decides nothing: it has no category whose action is block, "
                    "flag or blur",
                    ("checks", "classifiers", i, "categories"),
                    fix=(
                        "give it categories with a threshold and an action (it scores: "
                        f"{', '.join(sorted(scored)) or 'none'}), or remove it"
                    ),
                )
            )
        for category in categories:
            if category not in scored:
                problems.append(
                    _problem(
                        doc,
                        f"backend {config['backend']!r} does not score category {category!r}",
                        (section, "classifiers", i, "categories", category),
                        fix=f"categories it scores: {', '.join(sorted(scored)) or 'none'}",
                    )
                )
    return problems


def _watermark_problems(doc: MarkedDoc, watermark: Any) -> list[PolicyError]:
    from guardrail.provenance.watermark import get_backend

    if not isinstance(watermark, dict):
        return []
    name = watermark.get("backend", "latticeSync2")
    options = watermark.get("options") if isinstance(watermark.get("options"), dict) else {}
    if not isinstance(name, str):
        return []
    try:
        get_backend(name, dict(options))
    except ValidationError as err:
        return [
            _problem(
                doc,
                e["msg"],
                ("provenance", "watermark", "options", *(p for p in e["loc"] if isinstance(p, (str, int)))),
                fix=f"check the options of watermark backend {name!r} (docs/provenance.md)",
            )
            for e in err.errors()
        ]
    except PolicyError as err:
        return [_from_error(doc, err, "provenance.watermark.options")]
    except GuardrailError as err:
        return [_from_error(doc, err, "provenance.watermark.backend")]
    return []


def _signer_problems(doc: MarkedDoc, signer: Any, base_dir: Path) -> list[PolicyError]:
    problems: list[PolicyError] = []
    if not isinstance(signer, dict):
        return problems
    for key in ("cert", "key"):
        value = signer.get(key)
        if not isinstance(value, str):
            continue
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = base_dir / path
        if not path.is_file():
            problems.append(
                _problem(
                    doc,
                    f"signer {key} file {value!r} not found (looked at {path})",
                    ("provenance", "signer", key),
                    fix=(
                        "paths are relative to the policy file; create an identity with 'guardrail keys init' or "
                        "leave it out"
                    ),
                )
            )
    return problems


def backend_problems(doc: MarkedDoc, data: dict[str, Any], base_dir: Path, *, resolved: bool) -> list[PolicyError]:
    """Problems with the backends ``data`` (a policy as plain data) names, located in ``doc``.

    ``resolved`` says ``data`` is the whole resolved policy (``extends`` applied), so a missing
    check can be judged; otherwise only what the file itself states is checked.
    """
    checks = data.get("checks") if isinstance(data.get("checks"), dict) else {}
    provenance = data.get("provenance") if isinstance(data.get("provenance"), dict) else {}
    problems = _classifier_problems(doc, checks.get("classifiers"))
    prompt = data.get("prompt") if isinstance(data.get("prompt"), dict) else {}
    problems += _classifier_problems(doc, prompt.get("classifiers"), "prompt")
    problems += _watermark_problems(doc, provenance.get("watermark"))
    problems += _signer_problems(doc, provenance.get("signer"), base_dir)
    similarity = checks.get("similarity") if isinstance(checks.get("similarity"), dict) else {}
    classifiers = checks.get("classifiers") if isinstance(checks.get("classifiers"), list) else []
    deciding = [c for c in classifiers if isinstance(c, dict) and _decides(c)]
    if resolved and not deciding and not similarity.get("enabled", True):
        problems.append(
            _problem(
                doc,
                "no image check is enabled (no classifier that decides anything, and similarity disabled): every "
                "image would pass unchecked",
                ("checks",),
                fix="add a classifier with categories under checks.classifiers or set checks.similarity.enabled: true",
            )
        )
    return problems


def _decides(config: dict[str, Any]) -> bool:
    """Whether a classifier's config has a category that can do anything but allow."""
    categories = config.get("categories") if isinstance(config.get("categories"), dict) else {}
    return any(not isinstance(rule, dict) or rule.get("action", "block") != "allow" for rule in categories.values())


def lint_policy(path: str | Path, *, search_path: Iterable[str | Path] = ()) -> list[PolicyError]:
    """Every problem found in a policy file (see the module docstring); an empty list when it is valid.

    ``search_path``: extra folders terms files and parents may come from (``guardrail.policy.confine``).
    """
    try:
        resolved = resolve_policy_path(path)
    except PolicyError as err:
        return [err]
    display = str(resolved) if str(path).startswith(BUILTIN_PREFIX) else str(path)
    roots = PolicyRoots.for_policy(resolved, search_path)
    if not resolved.is_file():
        try:
            load_policy(path, search_path=search_path)
        except PolicyError as err:
            return [err]
        return []
    try:
        doc = read_marked_yaml(resolved, display=display)
    except PolicyError as err:
        return [err]
    problems = validate_document(doc, roots)
    if not isinstance(doc.data, dict):
        return problems
    if problems:
        return problems + backend_problems(doc, doc.data, resolved.parent, resolved=False)
    try:
        policy = load_policy(path, search_path=search_path)
    except PolicyError as err:
        return [err, *backend_problems(doc, doc.data, resolved.parent, resolved=False)]
    return backend_problems(doc, policy.model_dump(mode="json"), resolved.parent, resolved=True)
