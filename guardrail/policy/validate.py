"""Validate one policy file (no ``extends`` yet) and report every problem with its position.

Checks, in order: the schema (unknown keys, wrong types, missing keys), duplicate rule ids,
RE2 patterns that do not compile, terms that normalise to nothing, and term files that are
missing. Problems are :class:`~guardrail.errors.PolicyError` objects located at
``file:line:col``; nothing is raised here so a linter can show them all.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from guardrail.errors import PolicyError
from guardrail.policy.confine import MAX_TERMS_FILE_BYTES, PolicyRoots, outside_fix
from guardrail.policy.schema import Policy
from guardrail.policy.yamlmarks import KeyPath, MarkedDoc

__all__ = ["compile_pattern", "read_terms_file", "validate_document"]


def compile_pattern(pattern: str) -> Any:
    """Compile ``pattern`` with RE2 (linear time, no backtracking); raise ``ValueError`` if RE2 refuses it."""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as err:
        detail = err.args[0].decode() if err.args and isinstance(err.args[0], bytes) else str(err)
        raise ValueError(detail) from err


def read_terms_file(path: Path) -> list[str]:
    """Terms from a file: one per line, blank lines and ``#`` comments ignored.

    Raises OSError for anything but a regular file of at most ``MAX_TERMS_FILE_BYTES`` (a FIFO
    would block the read, a device never end).
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"not a regular file: {path}")
    if info.st_size > MAX_TERMS_FILE_BYTES:
        raise OSError(f"larger than {MAX_TERMS_FILE_BYTES // (1024 * 1024)} MiB: {path}")
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return terms


def _model_at(loc: KeyPath) -> type[BaseModel] | None:
    """The pydantic model that owns the last key of ``loc`` (for listing valid keys)."""
    model: Any = Policy
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        ann: Any = field.annotation
        while get_origin(ann) is not None:
            if get_origin(ann) is Annotated:
                ann = get_args(ann)[0]
                continue
            args = [a for a in get_args(ann) if a is not type(None)]
            if not args:
                return None
            ann = args[-1]  # list[X] -> X, dict[str, X] -> X, X | None -> X
        model = ann
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _clean_loc(data: Any, loc: tuple[Any, ...], err_type: str) -> KeyPath:
    """Keep the parts of a pydantic ``loc`` that exist in the data (drop union-branch labels)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and part == "terms":  # a plain-list all_of group read as {terms: [...]}
            continue
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        else:
            if err_type == "missing" and isinstance(part, str):
                out.append(part)
            break
    return tuple(out)


def _schema_problems(doc: MarkedDoc, err: ValidationError) -> list[PolicyError]:
    problems = []
    for e in err.errors():
        loc = _clean_loc(doc.data, tuple(e["loc"]), e["type"])
        if e["type"] == "extra_forbidden":
            model = _model_at(loc)
            valid = ", ".join(sorted(model.model_fields)) if model else None
            problems.append(
                doc.error(
                    f"unknown key {loc[-1]!r}", loc, fix=f"valid keys here: {valid}" if valid else "remove the key"
                )
            )
        elif e["type"] == "missing":
            problems.append(
                doc.error(f"missing required key {loc[-1]!r}", loc[:-1] if loc else loc, fix=f"add '{loc[-1]}:'")
            )
        else:
            found = e.get("input")
            found_text = (
                f"{type(found).__name__} {found!r}" if not isinstance(found, (dict, list)) else type(found).__name__
            )
            problems.append(doc.error(f"expected: {e['msg']}; found {found_text}", loc))
    return problems


def _missing_files(
    doc: MarkedDoc, files: list[str | None], where: KeyPath, roots: PolicyRoots | None
) -> list[PolicyError]:
    """A problem for each of ``files`` (under ``where``'s ``terms_files``) that does not exist or
    lies outside ``roots`` (the folders the policy may read)."""
    problems = []
    for j, rel in enumerate(files):
        if rel is None:
            continue
        path = Path(rel) if Path(rel).is_absolute() else doc.base_dir / rel
        if roots is not None and not roots.contains(path):
            problems.append(
                doc.error(
                    f"terms file {rel!r} is outside the policy's folder (resolves to {path.resolve()}; allowed: "
                    f"{roots.describe()})",
                    (*where, "terms_files", j),
                    fix=outside_fix(),
                )
            )
        elif path.exists() and not path.is_file():
            problems.append(
                doc.error(
                    f"terms file {rel!r} is not a regular file",
                    (*where, "terms_files", j),
                    fix="name a text file, one term per line",
                )
            )
        elif not path.is_file():
            problems.append(
                doc.error(
                    f"terms file {rel!r} not found (looked at {path})",
                    (*where, "terms_files", j),
                    fix="paths are relative to the policy file",
                )
            )
    return problems


def validate_document(doc: MarkedDoc, roots: PolicyRoots | None = None) -> list[PolicyError]:
    """Every problem in one policy file (its own content only; ``extends`` is resolved later).

    With ``roots``, terms files outside those folders are problems too (see ``guardrail.policy.confine``).
    """
    data = doc.data
    if not isinstance(data, dict):
        return [
            doc.error(
                f"a policy must be a mapping of keys, found {type(data).__name__}",
                (),
                fix="start with 'name: my-policy'",
            )
        ]
    problems: list[PolicyError] = []
    try:
        Policy.model_validate(data)
    except ValidationError as err:
        problems += _schema_problems(doc, err)
    return problems + _rule_problems(doc, data, roots)


def _strings(value: Any) -> list[str | None]:
    """``value`` if it is a list, its non-strings as None (the schema check reports those)."""
    return [v if isinstance(v, str) else None for v in value] if isinstance(value, list) else []


def _rule_problems(doc: MarkedDoc, data: dict[str, Any], roots: PolicyRoots | None) -> list[PolicyError]:
    """Duplicate ids, bad patterns, empty terms, missing files: checked even when the schema failed,
    on whatever parts of each rule have the right shape, so a linter shows them all at once."""
    from guardrail.screening.normalise import normalise_term

    problems: list[PolicyError] = []
    prompt = data.get("prompt")
    rules = prompt.get("rules") if isinstance(prompt, dict) else None
    seen: dict[str, int] = {}
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        rule = {**rule, **{k: _strings(rule.get(k)) for k in ("patterns", "terms", "exceptions", "terms_files")}}
        if not isinstance(rule.get("all_of"), list):
            rule["all_of"] = []
        if not isinstance(rule.get("contexts"), list):
            rule["contexts"] = []
        rid = rule.get("id")
        if not isinstance(rid, str):
            pass
        elif rid in seen:
            first_line = doc.where(("prompt", "rules", seen[rid]))[0]
            problems.append(
                doc.error(
                    f"duplicate rule id {rid!r} (first defined at line {first_line})",
                    ("prompt", "rules", i, "id"),
                    fix="give every rule a unique id",
                )
            )
        else:
            seen[rid] = i
        for j, pattern in enumerate(rule.get("patterns") or []):
            if pattern is None:
                continue
            try:
                compile_pattern(pattern)
            except ValueError as exc:
                problems.append(
                    doc.error(
                        f"bad pattern '{pattern}': {exc}",
                        ("prompt", "rules", i, "patterns", j),
                        fix="use RE2 syntax (no backreferences or lookaround)",
                    )
                )
        for key in ("terms", "exceptions"):
            for j, term in enumerate(rule.get(key) or []):
                if term is not None and not normalise_term(term):
                    problems.append(
                        doc.error(
                            f"{key[:-1]} {term!r} has no letters or digits after normalisation",
                            ("prompt", "rules", i, key, j),
                        )
                    )
        for g, group in enumerate(rule.get("all_of") or []):
            where = ("prompt", "rules", i, "all_of", g)
            if isinstance(group, dict):
                names = group.get("person_name") is True
                group = {k: _strings(group.get(k)) for k in ("terms", "terms_files")}
                for j, term in enumerate(group.get("terms") or []):
                    if term is not None and not normalise_term(term):
                        problems.append(
                            doc.error(
                                f"term {term!r} has no letters or digits after normalisation", (*where, "terms", j)
                            )
                        )
                problems += _missing_files(doc, group.get("terms_files") or [], where, roots)
                empty = not (group.get("terms") or group.get("terms_files") or names)
            else:
                empty = not group
                for j, term in enumerate(_strings(group)):
                    if term is not None and not normalise_term(term):
                        problems.append(
                            doc.error(f"term {term!r} has no letters or digits after normalisation", (*where, j))
                        )
            if empty:
                problems.append(
                    doc.error("an all_of group needs at least one term", where, fix="give terms or terms_files")
                )
        problems += _missing_files(doc, rule.get("terms_files") or [], ("prompt", "rules", i), roots)
        for c, context in enumerate(rule.get("contexts") or []):
            where = ("prompt", "rules", i, "contexts", c)
            if not isinstance(context, dict):
                continue
            context = {k: _strings(context.get(k)) for k in ("before", "after")}
            if rule.get("action") != "rewrite":
                problems.append(
                    doc.error(
                        "'contexts' only apply to 'rewrite' rules",
                        where,
                        fix="remove 'contexts' or use 'action: rewrite'",
                    )
                )
            if not (context.get("before") or context.get("after")):
                problems.append(doc.error("a context needs 'before' or 'after' phrases", where))
            for side in ("before", "after"):
                for j, phrase in enumerate(context.get(side) or []):
                    if phrase is not None and not normalise_term(phrase):
                        problems.append(
                            doc.error(
                                f"phrase {phrase!r} has no letters or digits after normalisation", (*where, side, j)
                            )
                        )
        if rule.get("action") == "rewrite" and rule.get("replacement") is None:
            problems.append(
                doc.error(
                    "a 'rewrite' rule needs a 'replacement'",
                    ("prompt", "rules", i, "action"),
                    fix="add 'replacement: <text>'",
                )
            )
        if not (rule.get("terms") or rule.get("terms_files") or rule.get("patterns") or rule.get("all_of")):
            problems.append(
                doc.error(
                    "the rule matches nothing: give terms, terms_files, patterns or all_of", ("prompt", "rules", i)
                )
            )
    return problems
