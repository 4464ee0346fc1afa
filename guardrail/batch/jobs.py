"""The per-image work of ``guardrail verify``, ``check`` and ``mark`` as batch jobs.

A job is a plain, picklable configuration (pydantic); :meth:`start` loads what every image needs
(stores, trust anchors, policy, models) once per worker and returns the function that handles one
:class:`~guardrail.batch.models.BatchItem`. The local engine starts one worker in this process;
the Ray engine starts one per actor. Either way the rows and outcomes are the same.

A configuration fault (StoreError, a corrupt store or unwritable audit log; a signing identity
problem) is raised, never turned into one image's error: no verdict can be trusted without it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.batch.models import BatchItem, ItemResult
from guardrail.outcomes import COULD_NOT_CHECK
from guardrail.policy.schema import WatermarkConfig

__all__ = ["CHECK_FAILING_ACTIONS", "CheckJob", "Job", "MarkJob", "VerifyJob", "Worker", "mark_output_path"]

Worker = Callable[[BatchItem], ItemResult]

CHECK_FAILING_ACTIONS = frozenset({"block", "blur", COULD_NOT_CHECK})
"""Check actions that make ``guardrail check`` exit 1."""


def _config_fault(err: BaseException) -> bool:
    from guardrail.errors import CONFIG_FAULTS

    return isinstance(err, CONFIG_FAULTS)


class VerifyJob(BaseModel):
    """``guardrail verify``: one provenance verdict per image."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["verify"] = Field("verify", description="Job kind.")
    trust: list[str] = Field(default_factory=list, description="Trust sources (PEM bundles or folders), in order.")
    readers: list[str | WatermarkConfig] = Field(description="Watermark backends to read, in order.")
    allow_network: bool = Field(False, description="Fetch remote manifests and certificate status.")
    resolver: str | None = Field(None, description="Service URL asked for manifests this store does not hold.")
    resolver_key: str | None = Field(None, description="API key for the resolver.", repr=False)

    def start(self) -> Worker:
        """Load the trust anchors and open the manifest store; return the per-image function."""
        from guardrail.errors import GuardrailError, StoreError
        from guardrail.provenance.store import default_store
        from guardrail.provenance.trust import load_anchors
        from guardrail.provenance.verify import verify_image

        anchors = load_anchors([Path(s) for s in self.trust])
        store: Any = default_store()  # a corrupt store stops the run: no verdict can be trusted without it
        if self.resolver:
            from guardrail.provenance.resolver import ResolverStore

            store = ResolverStore(store, self.resolver, api_key=self.resolver_key)
        readers = list(self.readers)

        def run(item: BatchItem) -> ItemResult:
            try:
                if item.path is None:
                    raise GuardrailError("no image files match", where=item.name, fix="check the folder or the pattern")
                report = verify_image(
                    Path(item.path),
                    store=store,
                    watermark_backends=readers,
                    allow_network=self.allow_network,
                    anchors=anchors,
                )
            except Exception as err:
                if isinstance(err, StoreError):
                    raise
                # this file is bad; the others are still checked
                msg = str(err) if isinstance(err, GuardrailError) else f"internal error: {type(err).__name__}: {err}"
                return ItemResult(
                    name=item.name, outcome="error", ok=False, row={"source": item.name, "verdict": None, "error": msg}
                )
            return ItemResult(
                name=item.name, outcome=report.verdict, ok=report.exit_code == 0, row=report.model_dump(mode="json")
            )

        return run


def check_row(path: str, verdict: Any) -> dict[str, Any]:
    """The JSON object ``guardrail check`` prints for one checked image."""
    data = verdict.model_dump(mode="json")
    return {
        "path": path,
        "action": verdict.action,
        "classifiers": data["classifiers"],
        "similarity": data["similarity"],
        "reasons": verdict.reasons,
        "policy": data["policy"],
        "error": None,
    }


class CheckJob(BaseModel):
    """``guardrail check``: the policy's classifiers and similarity check per image."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["check"] = Field("check", description="Job kind.")
    policy: str | None = Field(None, description="Policy file or builtin:NAME (None: the shipped policy).")

    def start(self) -> Worker:
        """Load the policy and its checker (models load on the first image and stay loaded)."""
        from guardrail.checks import ImageChecker
        from guardrail.errors import ImageInputError
        from guardrail.imageio import open_image
        from guardrail.policy import load_policy

        checker = ImageChecker(load_policy(self.policy))

        def run(item: BatchItem) -> ItemResult:
            path = item.path or item.name
            try:
                image = open_image(Path(path))
            except ImageInputError as err:
                row = {"path": path, "action": "error", "error": str(err), "classifiers": [], "similarity": None}
                row["reasons"] = []
                return ItemResult(name=item.name, outcome="error", ok=False, row=row)
            verdict = checker.check(image)
            return ItemResult(
                name=item.name,
                outcome=verdict.action,
                ok=verdict.action not in CHECK_FAILING_ACTIONS,
                row=check_row(path, verdict),
            )

        return run


def mark_output_path(image: Path, root: Path, output: Path) -> tuple[Path, str]:
    """Where a batch mark writes ``image`` (found under ``root``) and in which format.

    The path under OUTDIR mirrors the path under the input folder; the extension is kept when
    guardrail can sign it (.png, .jpg, .jpeg, .webp) and is .png otherwise.
    """
    from guardrail.formats import signable_by_extension

    rel = image.relative_to(root) if image.is_relative_to(root) else Path(image.name)
    found = signable_by_extension(image.suffix)
    if found is None:
        return output / rel.with_suffix(".png"), "png"
    return output / rel, found.name


class MarkJob(BaseModel):
    """``guardrail mark DIR -o OUTDIR``: check, watermark, sign and release each image (write-ahead)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["mark"] = Field("mark", description="Job kind.")
    root: str = Field(description="The input folder; output paths mirror the paths under it.")
    output: str = Field(description="The output folder (OUTDIR).")
    policy: str | None = Field(None, description="Policy file (None: the built-in default policy).")
    model: str = Field("unknown", description="Generator model id recorded in the manifests.")
    check: bool = Field(True, description="Run the policy's image checks (False: --no-check, recorded).")
    force: bool = Field(False, description="Overwrite outputs that exist.")

    def start(self) -> Worker:
        """Open the audit log (recovering interrupted releases first), load the policy, checker and marker."""
        import functools

        from guardrail.audit import AuditLog
        from guardrail.audit.recover import has_pending, recover
        from guardrail.batch.mark_file import mark_to_file
        from guardrail.errors import GuardrailError
        from guardrail.policy import load_policy
        from guardrail.provenance import Marker

        log = AuditLog()  # first: without an audit log nothing may be released (StoreError)
        if has_pending():
            recover(audit=log)  # entries of releases still running (locked) are left alone
        policy = load_policy(Path(self.policy) if self.policy else None)
        checker = None
        if self.check:
            from guardrail.checks import ImageChecker

            checker = ImageChecker(policy)
        marker = functools.cache(lambda: Marker(policy, model_id=self.model, audit=log))
        root, output = Path(self.root), Path(self.output)

        def run(item: BatchItem) -> ItemResult:
            try:
                if item.path is None:
                    raise GuardrailError("no image files match", where=item.name, fix="check the folder")
                image = Path(item.path)
                target, fmt = mark_output_path(image, root, output)
                released, row = mark_to_file(
                    image,
                    target,
                    fmt=fmt,
                    log=log,
                    policy=policy,
                    checker=checker,
                    marker=marker,
                    model=self.model,
                    force=self.force,
                )
            except Exception as err:
                if _config_fault(err):
                    raise
                msg = str(err) if isinstance(err, GuardrailError) else f"internal error: {type(err).__name__}: {err}"
                row = {"image": item.name, "action": "error", "error": msg, "written": False}
                return ItemResult(name=item.name, outcome="error", ok=False, row=row)
            return ItemResult(name=item.name, outcome="released" if released else "withheld", ok=released, row=row)

        return run


Job = VerifyJob | CheckJob | MarkJob
