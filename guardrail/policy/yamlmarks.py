"""Read YAML while remembering where every key and list item sits (``line:col``).

A :class:`MarkedDoc` holds the plain data (dicts, lists, scalars) and a map from key paths
(tuples such as ``("prompt", "rules", 2, "action")``) to 1-based ``(line, col)`` positions, so
that schema errors found later can point at the exact place in the file. Duplicate keys in one
mapping are an error (PyYAML silently keeps the last one).
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from guardrail.errors import PolicyError

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "MAX_POLICY_BYTES",
    "KeyPath",
    "MarkedDoc",
    "format_key_path",
    "read_marked_yaml",
]

KeyPath = tuple[str | int, ...]

MAX_EXPANDED_NODES = 200_000
"""Most YAML nodes a policy may expand to once aliases are copied out (a "billion laughs" guard;
anchors and aliases are fine, a few thousand inline terms are far below this)."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a policy may have (aliases expanded). Real policies
need about six levels; 50,000 nested ``[`` would otherwise overflow the parser's recursion."""

MAX_POLICY_BYTES = 4 * 1024 * 1024
"""Largest policy file read (long term lists belong in terms_files)."""


@dataclass
class MarkedDoc:
    """Parsed YAML data plus the ``(line, col)`` of every key path (1-based)."""

    file: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    path: Path | None = None

    @property
    def base_dir(self) -> Path:
        """Folder that relative paths in this document are resolved against."""
        return (self.path or Path(self.file)).parent

    def where(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Position of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (None, None))

    def error(
        self, message: str, path: KeyPath, *, fix: str | None = None, cls: type[PolicyError] = PolicyError
    ) -> PolicyError:
        """Build a PolicyError located at ``path`` in this file."""
        line, col = self.where(path)
        return cls(message, file=self.file, line=line, col=col, key_path=format_key_path(path), fix=fix)


def format_key_path(path: KeyPath) -> str:
    """Render ``("prompt", "rules", 2, "id")`` as ``prompt.rules[2].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain data, recording marks and refusing duplicate keys."""

    def __init__(self, file: str, max_nodes: int = MAX_EXPANDED_NODES) -> None:
        self.file = file
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self._scalars = yaml.SafeLoader("")  # only used to construct scalars with YAML 1.1 rules
        self._max_nodes = max_nodes
        self._count = 0

    def build(self, node: Node, path: KeyPath, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:  # reached through aliases: the text itself was checked before composing
            line, col = _mark(node)
            raise PolicyError(
                f"nesting deeper than {MAX_DEPTH} levels once aliases are copied out",
                file=self.file,
                line=line,
                col=col,
                key_path=format_key_path(path[:3]) + "...",
                fix="use fewer nested aliases; a policy needs only a few levels",
            )
        self._count += 1
        if self._count > self._max_nodes:
            line, col = _mark(node)
            raise PolicyError(
                f"the document expands to more than {self._max_nodes:,} YAML nodes once aliases are copied out",
                file=self.file,
                line=line,
                col=col,
                key_path=format_key_path(path),
                fix="use fewer nested aliases; long term lists belong in terms_files",
            )
        self.marks.setdefault(path, _mark(node))
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            own_keys: set[Any] = set()
            for key_node, value_node, own in self._pairs(node, path):
                key = self.build(key_node, path + ("<key>",))
                self.marks.pop(path + ("<key>",), None)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    line, col = _mark(key_node)
                    raise PolicyError(
                        f"mapping keys must be plain scalars, found {type(key).__name__}",
                        file=self.file,
                        line=line,
                        col=col,
                        key_path=format_key_path(path),
                    )
                key = str(key) if not isinstance(key, str) else key
                if own and key in own_keys:
                    line, col = _mark(key_node)
                    first = self.marks.get(path + (key,), (None, None))
                    raise PolicyError(
                        f"duplicate key {key!r} (first defined at line {first[0]})",
                        file=self.file,
                        line=line,
                        col=col,
                        key_path=format_key_path(path + (key,)),
                        fix="keep one definition of the key",
                    )
                if own:
                    own_keys.add(key)
                self.marks[path + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self._scalars.construct_object(node, deep=True)
        raise PolicyError(f"unsupported YAML node {node.tag}", file=self.file, line=_mark(node)[0], col=_mark(node)[1])

    def _pairs(self, node: MappingNode, path: KeyPath) -> list[tuple[Node, Node, bool]]:
        """A mapping's ``(key, value, own)`` pairs with merge keys (``<<: *base``) expanded.

        Merged pairs come first so the mapping's own keys override them (YAML merge semantics);
        with ``<<: [*a, *b]`` the earlier source wins. The nodes are not modified, so an anchored
        mapping used in several places reads the same everywhere.
        """
        merged: list[tuple[Node, Node, bool]] = []
        own: list[tuple[Node, Node, bool]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                own.append((key_node, value_node, True))
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in reversed(sources):
                if not isinstance(source, MappingNode):
                    line, col = _mark(source)
                    raise PolicyError(
                        "a merge key ('<<') takes a mapping or a list of mappings",
                        file=self.file,
                        line=line,
                        col=col,
                        key_path=format_key_path(path),
                    )
                merged.extend((k, v, False) for k, v, _ in self._pairs(source, path))
        return merged + own


def _check_no_cycles(root: Node, file: str) -> None:
    """Refuse an alias that refers to a node containing it (``a: &x [*x]``), merge keys included.

    PyYAML's composer turns such an alias into a node that contains itself; building plain data
    from it would recurse forever. Iterative depth-first search, so deep documents cannot
    overflow the stack here.
    """
    on_path: set[int] = set()
    done: set[int] = set()
    stack: list[tuple[Node, Iterator[Node]]] = [(root, _children(root))]
    on_path.add(id(root))
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(child) in on_path:
            line, col = _mark(child)
            raise PolicyError(
                f"recursive YAML alias: the anchored node at line {line} col {col} contains an alias to itself",
                file=file,
                line=line,
                col=col,
                fix="an alias may only refer to a node outside itself",
            )
        if id(child) not in done:
            on_path.add(id(child))
            stack.append((child, _children(child)))


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node
    elif isinstance(node, SequenceNode):
        yield from node.value


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing (PyYAML's composer recurses once per
    level, so 50,000 nested ``[`` end in RecursionError). Reads the event stream, which is not
    recursive, and stops at the first level too deep."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise PolicyError(
                    f"nesting deeper than {MAX_DEPTH} levels (lists and mappings inside each other)",
                    file=file,
                    line=mark.line + 1,
                    col=mark.column + 1,
                    fix="a policy needs only a few levels; look for unclosed or repeated '[' or '{' here",
                )
        elif isinstance(event, _CLOSE):
            depth -= 1


def read_marked_yaml(path: str | Path, *, display: str | None = None) -> MarkedDoc:
    """Read one YAML document from ``path`` with positions; raise PolicyError with ``file:line:col``."""
    file = display or str(path)
    try:
        info = Path(path).stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read, a device never end
            raise PolicyError("not a regular file", file=file, fix="give the path of a policy file")
        if info.st_size > MAX_POLICY_BYTES:
            raise PolicyError(
                f"the file is larger than {MAX_POLICY_BYTES // (1024 * 1024)} MiB",
                file=file,
                fix="move long term lists into terms_files",
            )
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise PolicyError("file not found", file=file, fix="check the path") from err
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyError(f"cannot read the file: {err}", file=file, fix="make it a readable UTF-8 text file") from err
    doc = parse_marked_yaml(text, file=file)
    doc.path = Path(path)
    return doc


def parse_marked_yaml(text: str, *, file: str) -> MarkedDoc:
    """Parse YAML ``text`` (named ``file`` in errors) into a :class:`MarkedDoc`."""
    try:
        _check_depth(text, file)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = err.problem or err.context or "invalid YAML"
        raise PolicyError(
            f"YAML syntax error: {problem}", file=file, line=line, col=col, fix="fix the YAML syntax at that position"
        ) from err
    except yaml.YAMLError as err:
        raise PolicyError(f"YAML error: {err}", file=file) from err
    if node is None:
        return MarkedDoc(file=file, data=None, marks={(): (1, 1)})
    _check_no_cycles(node, file)
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        raise PolicyError(
            f"YAML error: {err.problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
        ) from err
    return MarkedDoc(file=file, data=data, marks=builder.marks)
