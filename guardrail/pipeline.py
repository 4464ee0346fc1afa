"""GuardedPipeline: screen, generate, check, retry, mark, log.

```
prompt ─► screen ─► generate ─► check ─► mark ─► release
            │           ▲          │
            │ block     └─ retry ◄─┘ withheld (new seed + the policy's negative prompt)
            ▼
         refused
```

Nothing leaves :meth:`GuardedPipeline.__call__` without having passed every enabled check and
having been watermarked and signed. Any error while checking or marking withholds the image
(fail closed) and is reported in the result and the audit log; withheld images' pixels are never
returned. Releases are write-ahead (``guardrail.audit.release``): the result and any saved file
exist only after the request's audit record is committed; a prompt that is not valid Unicode is
refused with a record.
"""

from __future__ import annotations

import copy
import logging
import random
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardrail.errors import CONFIG_FAULTS, BackendError, GuardrailError, InputError
from guardrail.formats import extension_for
from guardrail.outcomes import RELEASABLE_CHECK_ACTIONS
from guardrail.policy import load_policy
from guardrail.policy.schema import Policy
from guardrail.representation import Variation, plan_variations
from guardrail.results import Attempt, GuardedResult, ReleasedImage, WithheldImage
from guardrail.screening.decision import PromptDecision

if TYPE_CHECKING:
    from PIL import Image

    from guardrail.audit import AuditStore
    from guardrail.checks import ImageChecker
    from guardrail.provenance import Marker

__all__ = ["GuardedPipeline", "check_call_arguments", "check_pipeline_kwargs"]

logger = logging.getLogger(__name__)

# A seed step that keeps retry seeds apart from the seeds of the other images in the request.
_RETRY_SEED_STEP = 1_000_003
_MAX_SEED = 2**63 - 1

ProgressCallback = Callable[[str, dict[str, Any]], None]


def _join(*parts: str | None) -> str:
    """Join non-empty negative-prompt parts with commas, without repeats."""
    seen: list[str] = []
    for part in parts:
        text = (part or "").strip()
        if text and text not in seen:
            seen.append(text)
    return ", ".join(seen)


def _check_dimension(name: str, value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or value <= 0 or value % 8:
        raise InputError(f"must be a positive multiple of 8 but is {value!r}", where=name, fix="use e.g. 256 or 512")


def check_call_arguments(
    *,
    num_images_per_prompt: int = 1,
    num_inference_steps: int | None = None,
    height: int | None = None,
    width: int | None = None,
    seed: int | None = None,
) -> None:
    """Raise InputError naming the first bad generation argument (before any model is loaded)."""
    if not isinstance(num_images_per_prompt, int) or not 1 <= num_images_per_prompt <= 16:
        raise InputError(
            f"must be an integer from 1 to 16 but is {num_images_per_prompt!r}", where="num_images_per_prompt"
        )
    if num_inference_steps is not None and (not isinstance(num_inference_steps, int) or num_inference_steps < 1):
        raise InputError(f"must be a positive integer but is {num_inference_steps!r}", where="num_inference_steps")
    _check_dimension("height", height)
    _check_dimension("width", width)
    if seed is not None and (not isinstance(seed, int) or not 0 <= seed <= _MAX_SEED):
        raise InputError(f"must be an integer from 0 to 2**63-1 but is {seed!r}", where="seed")


# Call arguments guardrail sets itself: the images must come back as pixels (to be checked and
# marked), one per generator, from the screened prompt only.
_RESERVED_CALL_ARGUMENTS = frozenset({"output_type", "return_dict", "generator", "num_images_per_prompt"})


def check_pipeline_kwargs(kwargs: dict[str, Any]) -> None:
    """Raise InputError for an extra call argument guardrail cannot pass through to the pipeline.

    Any prompt or embedding argument (``prompt_2``, ``prompt_embeds``, ``negative_prompt_embeds``,
    ``pooled_prompt_embeds``, ...) would reach the model without being screened; ``output_type``,
    ``return_dict``, ``generator`` and ``num_images_per_prompt`` are set by guardrail.
    """
    for name in kwargs:
        if "prompt" in name or "embeds" in name:
            raise InputError(
                f"{name!r} would reach the model unscreened",
                where=name,
                fix=(
                    "pass the text as `prompt` (and `negative_prompt`); guardrail screens it and hands the model the "
                    "screened text"
                ),
            )
        if name in _RESERVED_CALL_ARGUMENTS:
            raise InputError(
                f"guardrail sets {name!r} itself",
                where=name,
                fix=(
                    "use `seed` (or one torch.Generator) for reproducible output; images always come back as PIL "
                    "images in result.images"
                ),
            )


def _loggable(value: Any) -> Any:
    """A JSON-safe stand-in for a call argument in the audit log (repr for objects)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_loggable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _loggable(v) for k, v in value.items()}
    return repr(value)[:200]


def _working_copy(pipe: Any) -> Any:
    """A shallow copy of a diffusers pipeline: same components (no weights copied), own settings.

    guardrail switches off the copy's safety checker, watermarker and progress bar; the caller's
    pipeline object keeps its own. Any other callable (a wrapper, a proxy) is used as given.
    """
    diffusers = sys.modules.get("diffusers")
    if diffusers is None or not isinstance(pipe, diffusers.DiffusionPipeline):
        return pipe
    clone = copy.copy(pipe)
    if isinstance(getattr(pipe, "_progress_bar_config", None), dict):
        clone._progress_bar_config = dict(pipe._progress_bar_config)
    return clone


class GuardedPipeline:
    """A diffusers text-to-image pipeline behind guardrail's screen, checks, marks and audit log.

    Build it with :meth:`from_pretrained` (hub id, local path, or ``None`` for the offline demo
    model) or around a pipeline object you already have. Calling it mirrors diffusers' call and
    returns a :class:`GuardedResult`.
    """

    def __init__(
        self,
        pipe: Any,
        *,
        policy: Policy | str | Path | None = None,
        model_id: str | None = None,
        checker: ImageChecker | None = None,
        marker: Marker | None = None,
        audit: AuditStore | None = None,
        output_format: str = "png",
    ) -> None:
        """Wrap ``pipe``; components not given are built from the policy and GUARDRAIL_HOME.

        guardrail works on a shallow copy of a diffusers ``pipe`` (:attr:`pipe`; components shared,
        no weights copied) with its own safety checker and watermarker switched off, because
        guardrail's checks and marks replace them; the object you pass keeps its settings. Any
        other callable taking diffusers' call arguments (a wrapper) is used as given.
        ``pipe`` may be None for a pipeline that only screens and logs (a caller that loads the
        model only once a prompt is allowed); it builds no checker or marker, and asking it to
        generate raises InputError.
        """
        from guardrail.audit import AuditLog
        from guardrail.checks import ImageChecker
        from guardrail.generation import disable_builtin_guards
        from guardrail.provenance import Marker
        from guardrail.screening import Screener

        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self.pipe = _working_copy(pipe) if pipe is not None else None
        self.model_id = model_id or getattr(getattr(pipe, "config", None), "_name_or_path", None) or type(pipe).__name__
        if self.pipe is None and model_id is None:
            raise InputError("a GuardedPipeline without a model needs a model_id", where="model_id")
        if output_format not in ("png", "jpeg", "webp"):
            raise InputError(
                f"unsupported output format {output_format!r}", where="output_format", fix="use png, jpeg or webp"
            )
        if self.pipe is not None:
            # Our checks and marks replace the pipeline's own safety checker and watermarker (on the copy).
            disable_builtin_guards(self.pipe, self.model_id)
            if self.pipe is not pipe:
                logger.info(
                    "%s: guardrail generates with a shallow copy of the given pipeline; the original is unchanged",
                    self.model_id,
                )
            else:
                logger.info(
                    "%s: not a diffusers pipeline, used as given (its own guards, if any, are switched off)",
                    self.model_id,
                )
        self.screener = Screener(self.policy)
        # A screen-and-log pipeline (no model) builds no checker or marker: a refused prompt creates
        # no signing identity, manifest store or reference registry, only its audit record.
        self.checker = checker if checker is not None or pipe is None else ImageChecker(self.policy)
        self.marker = marker if marker is not None or pipe is None else Marker(self.policy, model_id=self.model_id)
        self.audit = audit if audit is not None else AuditLog()
        self.output_format = output_format
        self._lock = threading.Lock()  # diffusers pipelines are not safe to call concurrently

    @classmethod
    def from_pretrained(
        cls,
        model: str | None = None,
        *,
        policy: Policy | str | Path | None = None,
        device: str | None = None,
        checker: ImageChecker | None = None,
        marker: Marker | None = None,
        audit: AuditStore | None = None,
        output_format: str = "png",
        **diffusers_kwargs: Any,
    ) -> GuardedPipeline:
        """Load a pipeline as diffusers does, then guard it.

        ``model`` is a hub id (from the local cache: guardrail never downloads), a local folder
        written by ``save_pretrained``, or ``None`` for the offline demo model. ``device`` (e.g.
        ``"cuda"``; default ``"cpu"``) is where the pipeline runs. Every other keyword argument
        (``torch_dtype`` or ``dtype``, ``variant``, ``revision``, ``use_safetensors``, ...) goes to
        ``DiffusionPipeline.from_pretrained``. guardrail's own parts go by name: ``policy``,
        ``checker``, ``marker``, ``audit``, ``output_format``.
        """
        from guardrail.checks import ImageChecker
        from guardrail.generation import load_pipeline

        # Policy and checks first: a bad policy fails before a slow model load.
        policy = policy if isinstance(policy, Policy) else load_policy(policy)
        checker = checker if checker is not None else ImageChecker(policy)
        loaded = load_pipeline(model, device=device, **diffusers_kwargs)
        return cls(
            loaded.pipe,
            policy=policy,
            model_id=loaded.model_id,
            checker=checker,
            marker=marker,
            audit=audit,
            output_format=output_format,
        )

    def __call__(
        self,
        prompt: str,
        negative_prompt: str | None = None,
        num_inference_steps: int | None = None,
        guidance_scale: float | None = None,
        height: int | None = None,
        width: int | None = None,
        num_images_per_prompt: int = 1,
        seed: int | None = None,
        generator: Any | None = None,
        progress: ProgressCallback | None = None,
        save_to: str | Path | None = None,
        **pipeline_kwargs: Any,
    ) -> GuardedResult:
        """Screen ``prompt``, generate, check every image, retry withheld ones, mark and log.

        Each round of attempts is one batched call of the wrapped pipeline
        (``num_images_per_prompt`` = the image slots still open) with one seeded
        ``torch.Generator`` per image, so every image is reproducible on its own: ``seed`` (or a
        ``torch.Generator``'s initial seed) makes the request reproducible; image slot ``i`` uses
        ``seed + i`` and retries move by a fixed step. Other keyword arguments (``eta``,
        ``guidance_rescale``, ``cross_attention_kwargs``, ...) pass through to the pipeline's call;
        prompt and embedding arguments are refused (they would skip screening, see
        :func:`check_pipeline_kwargs`). ``progress`` is called with (stage, info) for
        ``generate``, ``check``, ``mark`` and ``done`` events. ``save_to`` writes released images
        into that folder (recorded in the audit log); nothing is written for withheld images.
        """
        if generator is not None:
            if seed is not None:
                raise InputError("give either seed or generator, not both", where="seed")
            seed = int(generator.initial_seed())
        check_call_arguments(
            num_images_per_prompt=num_images_per_prompt,
            num_inference_steps=num_inference_steps,
            height=height,
            width=width,
            seed=seed,
        )
        check_pipeline_kwargs(pipeline_kwargs)
        self.audit.ready()  # a refused audit log or key folder stops the request before any work
        self._release_ready(save_to)

        notify = progress or (lambda stage, info: None)
        request_id = uuid.uuid4().hex
        self._refuse_invalid_text(request_id, prompt, negative_prompt, seed)
        decision = self.screener.screen(prompt)
        base = dict(request_id=request_id, prompt_decision=decision, policy=self.policy.ref, model_id=self.model_id)
        params = {
            "num_inference_steps": num_inference_steps,
            "guidance_scale": guidance_scale,
            "height": height,
            "width": width,
            "num_images_per_prompt": num_images_per_prompt,
            **{name: _loggable(value) for name, value in pipeline_kwargs.items()},
        }
        if not decision.allowed:
            result = GuardedResult(
                action="blocked", rewritten=False, effective_prompt=None, negative_prompt=None, seed=None, **base
            )
            self._log(result, params, {})
            notify("done", {"action": "blocked"})
            return result

        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        gen_cfg = self.policy.generation
        first_negative = _join(
            negative_prompt, decision.negative_prompt, gen_cfg.negative_prompt if gen_cfg.always_negative else None
        )
        retry_negative = _join(first_negative, gen_cfg.negative_prompt)
        call_kwargs = {
            k: v
            for k, v in params.items()
            if k in ("num_inference_steps", "guidance_scale", "height", "width") and v is not None
        }
        call_kwargs.update(pipeline_kwargs)

        variations = self._variations(decision, num_images_per_prompt, seed)
        attempts: list[Attempt] = []
        released: list[ReleasedImage] = []
        withheld: list[WithheldImage] = []
        manifests: dict[int, Any] = {}  # index -> manifest row, stored only when the release commits
        first = dict(
            rewritten=decision.rewritten,
            effective_prompt=decision.effective_prompt,
            negative_prompt=first_negative,
            seed=seed,
            **base,
        )
        try:
            # Filled in place, so a crash mid-request still logs the attempts made so far.
            self._run_rounds(
                num_images_per_prompt,
                seed,
                decision,
                first_negative,
                retry_negative,
                call_kwargs,
                request_id,
                notify,
                attempts,
                released,
                manifests,
                variations,
            )
            done = {item.index for item in released}
            for index in range(num_images_per_prompt):
                if index not in done:
                    tried = [a for a in attempts if a.index == index]
                    withheld.append(WithheldImage(index=index, reason=tried[-1].reason, attempts=len(tried)))
            result = GuardedResult(
                action="released" if released else "withheld",
                released=released,
                withheld=withheld,
                attempts=attempts,
                **first,
            )
            self._release(result, params, Path(save_to) if save_to is not None else None, manifests)
        except BaseException as err:
            # Fail closed and leave a trace: the request is logged as an error with what it did.
            crashed = GuardedResult(action="error", attempts=attempts, **first)
            try:
                self._log(crashed, params, {})
            except Exception:  # the original error matters more than a failed log write
                logger.exception("could not log the failed request %s", request_id)
            if isinstance(err, GuardrailError) or not isinstance(err, Exception):
                raise
            raise BackendError(
                f"generation failed: {type(err).__name__}: {err}",
                where=self.model_id,
                fix="see the audit log entry of this request and the logged traceback",
            ) from err
        notify("done", {"action": result.action})
        return result

    def _release_ready(self, save_to: str | Path | None) -> None:
        """Raise now what the release would raise after generation: a refused pending/ folder, an output
        path that is a file (UnsafePermissionsError, InputError)."""
        if self.pipe is None:  # screen and log only: nothing is ever released
            return
        from guardrail.audit.release import pending_folder

        pending_folder()  # refused unless private (created at the first release)
        if save_to is not None:
            folder = Path(save_to)
            if folder.exists() and not folder.is_dir():
                raise InputError(
                    "the output folder is not a folder", where=str(folder), fix="name a folder (created if missing)"
                )

    def _refuse_invalid_text(self, request_id: str, prompt: str, negative_prompt: str | None, seed: int | None) -> None:
        """Raise InputError (after recording the refusal) when the prompt or negative prompt is not valid Unicode."""
        from guardrail.audit.refusal import invalid_text_error, refusal_record

        error = invalid_text_error(prompt, "prompt") or invalid_text_error(negative_prompt, "negative_prompt")
        if error is None:
            return
        record = refusal_record(
            prompt,
            request_id=request_id,
            error=error,
            mode=self.policy.audit.prompt,
            negative_prompt=negative_prompt,
            policy=self.policy.ref,
            model_id=self.model_id,
            seed=seed,
        )
        self.audit.log_request(record)  # a StoreError here wins: nothing may go unrecorded
        raise error

    def _run_rounds(
        self,
        count: int,
        seed: int,
        decision: PromptDecision,
        first_negative: str,
        retry_negative: str,
        call_kwargs: dict[str, Any],
        request_id: str,
        notify: ProgressCallback,
        attempts: list[Attempt],
        released: list[ReleasedImage],
        manifests: dict[int, Any],
        variations: list[Variation],
    ) -> None:
        """Generate every open image slot in batched calls per round, until each slot is released,
        out of retries, or ended by a check that could not run.

        Slots whose prompts are the same (all of them, unless the policy's representation section
        varies them) share one batched call; slots with different varied prompts get one call per
        distinct prompt. Appends to ``attempts`` and ``released`` as it goes, records each
        released slot's manifest row in ``manifests`` (stored when the release commits), and sorts
        ``attempts`` and ``released`` by slot (then attempt) at the end.
        """
        open_slots = list(range(count))
        for attempt_no in range(1, self.policy.generation.max_attempts + 1):
            if not open_slots:
                break
            negative = first_negative if attempt_no == 1 else retry_negative
            by_prompt: dict[str, list[int]] = {}  # insertion order: slots in order of their first appearance
            for index in open_slots:
                by_prompt.setdefault(variations[index].prompt, []).append(index)
            retry_slots: list[int] = []
            for slot_prompt, slots in by_prompt.items():
                seeds = [(seed + index + (attempt_no - 1) * _RETRY_SEED_STEP) % (_MAX_SEED + 1) for index in slots]
                notify("generate", {"index": slots[0], "indices": list(slots), "attempt": attempt_no, "seeds": seeds})
                images = self._generate(slot_prompt, negative, seeds, call_kwargs)
                for index, attempt_seed, image in zip(slots, seeds, images, strict=True):
                    attempt, outcome, retry = self._judge_and_mark(
                        image,
                        index,
                        attempt_no,
                        attempt_seed,
                        decision,
                        negative,
                        request_id,
                        notify,
                        manifests,
                        variations[index],
                    )
                    attempts.append(attempt)
                    if outcome is not None:
                        released.append(outcome)
                    elif retry:
                        retry_slots.append(index)
            open_slots = sorted(retry_slots)
        attempts.sort(key=lambda a: (a.index, a.attempt))
        released.sort(key=lambda r: r.index)

    def _release(
        self, result: GuardedResult, params: dict[str, Any], folder: Path | None, manifests: dict[int, Any]
    ) -> None:
        """Commit the request's audit record (with the manifest rows), then put saved files in place.

        Files go to ``folder`` as ``<request>-<index>.<ext>`` (never overwriting). Write-ahead: a
        file appears under its name only after the record is durable (guardrail.audit.release).
        """
        from guardrail.audit.release import ReleaseFile, publish

        paths: dict[int, str] = {}
        files: list[ReleaseFile] = []
        if folder is not None and result.released:
            folder.mkdir(parents=True, exist_ok=True)
            for item in result.released:
                path = folder / f"{result.request_id[:12]}-{item.index}.{extension_for(item.format)}"
                paths[item.index] = str(path)
                files.append(ReleaseFile(path, item.data, item.index, item.watermark_id))
        request, images = self._records(result, params, paths)
        rows = [manifests[item.index] for item in result.released if manifests.get(item.index) is not None]
        publish(self.audit, request, images, files=files, manifests=rows, store=self.marker.store)
        for item in result.released:
            item.path = paths.get(item.index)

    def _generate(self, prompt: str, negative: str, seeds: list[int], kwargs: dict[str, Any]) -> list[Image.Image]:
        """One batched call of the wrapped pipeline: one image per seed, each from its own generator.

        Always decoded to PIL (no latent bypass). The generators live on the CPU, as diffusers
        recommends for reproducible noise on any device.
        """
        import torch

        if self.pipe is None:
            raise InputError(
                "this GuardedPipeline has no model to generate with",
                where="pipe",
                fix="build it with GuardedPipeline.from_pretrained(model)",
            )
        generators = [torch.Generator(device="cpu").manual_seed(s) for s in seeds]
        with self._lock:  # diffusers pipelines are not safe to call from two threads at once
            out = self.pipe(
                prompt=prompt,
                negative_prompt=negative or None,
                num_images_per_prompt=len(seeds),
                generator=generators,
                output_type="pil",
                **kwargs,
            )
        images = out.images if hasattr(out, "images") else out[0]
        if len(images) != len(seeds):
            raise GuardrailError(f"the pipeline returned {len(images)} images for {len(seeds)} requested")
        return list(images)

    def _judge_and_mark(
        self,
        image: Image.Image,
        index: int,
        attempt_no: int,
        seed: int,
        decision: PromptDecision,
        negative: str,
        request_id: str,
        notify: ProgressCallback,
        manifests: dict[int, Any],
        variation: Variation,
    ) -> tuple[Attempt, ReleasedImage | None, bool]:
        """Check one image and mark it when allowed. Returns (attempt, released or None, retry?)."""
        common = dict(
            index=index,
            attempt=attempt_no,
            seed=seed,
            prompt=variation.prompt,
            negative_prompt=negative,
            attributes=variation.attributes,
        )
        notify("check", {"index": index, "attempt": attempt_no})
        try:
            verdict = self.checker.check(image)
        except CONFIG_FAULTS:  # a broken store is the machine's fault, not the image's: end the request
            raise
        except Exception as err:  # fail closed: a check that cannot run withholds the image
            logger.exception("image check failed; withholding the image")
            return Attempt(action="withheld", error=f"check failed: {err}", **common), None, False
        if verdict.action not in RELEASABLE_CHECK_ACTIONS:
            # A block is worth a retry with a new seed; a check that could not run is not.
            return Attempt(action="withheld", verdict=verdict, **common), None, verdict.action == "block"
        if verdict.action not in ("pass", "flag", "blur"):
            return (
                Attempt(
                    action="withheld", verdict=verdict, error=f"unknown verdict action {verdict.action!r}", **common
                ),
                None,
                False,
            )

        notify("mark", {"index": index, "attempt": attempt_no})
        try:
            if verdict.action == "blur":
                image = self.checker.apply_blur(image, verdict)
            extra = {
                "request_id": request_id,
                "seed": seed,
                "prompt_action": decision.action.value,
                "rewritten": decision.rewritten,
                "check_action": verdict.action,
            }
            if variation.attributes:
                extra["representation"] = dict(variation.attributes)
            marked = self.marker._sign(image, fmt=self.output_format, extra=extra)  # stored when the release commits
        except CONFIG_FAULTS:  # a broken signing identity or manifest store ends the request as an error
            raise
        except Exception as err:  # fail closed: an image we could not mark is never released
            logger.exception("marking failed; withholding the image")
            return Attempt(action="withheld", verdict=verdict, error=f"marking failed: {err}", **common), None, False
        attempt = Attempt(
            action="released",
            verdict=verdict,
            watermark_id=marked.watermark_id,
            manifest_hash=marked.manifest_hash,
            **common,
        )
        released = ReleasedImage(
            index=index,
            attempt=attempt_no,
            seed=seed,
            format=marked.format,
            data=marked.data,
            image=marked.image,
            watermark_id=marked.watermark_id,
            manifest_hash=marked.manifest_hash,
            check_action=verdict.action,
            verdict=verdict,
        )
        manifests[index] = marked.record
        return attempt, released, False

    def _variations(self, decision: PromptDecision, count: int, seed: int) -> list[Variation]:
        """Each slot's prompt: varied by the policy's representation section when it applies.

        A varied prompt is screened again; if the added words make it fail, the slot keeps the
        screened prompt (fail closed: what is generated has always passed screening)."""
        variations = plan_variations(decision.effective_prompt, count, self.policy.representation, seed)
        out = []
        for v in variations:
            if v.attributes and not self.screener.screen(v.prompt).allowed:
                logger.warning(
                    "representation values %s make the prompt fail screening; slot %d keeps the screened prompt",
                    v.attributes,
                    v.index,
                )
                v = Variation(index=v.index, prompt=decision.effective_prompt)
            out.append(v)
        return out

    def _audited_parameters(self, params: dict[str, Any], negative_prompt: str | None) -> dict[str, Any]:
        """Generation parameters for the audit log; in hash mode the negative prompt is digested too."""
        if self.policy.audit.prompt == "hash" and negative_prompt:
            from guardrail.audit import prompt_digest

            return {**params, "negative_prompt_hmac": prompt_digest(negative_prompt)}
        return {**params, "negative_prompt": negative_prompt}

    def _log(self, result: GuardedResult, params: dict[str, Any], paths: dict[int, str]) -> None:
        """Write the request and every attempt to the audit log (one transaction)."""
        request, images = self._records(result, params, paths)
        self.audit.log_request_with_images(request, images)

    def _records(self, result: GuardedResult, params: dict[str, Any], paths: dict[int, str]) -> tuple[Any, list[Any]]:
        """The request record and one image record per attempt."""
        from guardrail.audit import ImageRecord, RequestRecord
        from guardrail.audit.release import sha256_hex

        data = {(r.index, r.attempt): r.data for r in result.released}

        decision = result.prompt_decision
        varied = {str(a.index): a.attributes for a in result.attempts if a.attributes}
        if varied:
            params = {**params, "representation": varied}
        request = RequestRecord.for_prompt(
            decision.prompt,
            mode=self.policy.audit.prompt,
            rewritten_prompt=decision.effective_prompt if decision.rewritten else None,
            request_id=result.request_id,
            policy=result.policy,
            model_id=result.model_id,
            seed=result.seed,
            parameters=self._audited_parameters(params, result.negative_prompt),
            prompt_action=decision.action.value,
            matched_rules=decision.rule_ids,
            final_action=result.action,
            attempts=len(result.attempts),
        )
        images = [
            ImageRecord(
                request_id=result.request_id,
                index=attempt.index,
                attempt=attempt.attempt,
                seed=attempt.seed,
                action=attempt.action,
                verdicts=[attempt.verdict.model_dump(mode="json")] if attempt.verdict is not None else [],
                watermark_id=attempt.watermark_id,
                manifest_hash=attempt.manifest_hash,
                output_path=paths.get(attempt.index) if attempt.action == "released" else None,
                file_sha256=sha256_hex(data[(attempt.index, attempt.attempt)])
                if (attempt.index, attempt.attempt) in data
                else None,
                error=attempt.error,
            )
            for attempt in result.attempts
        ]
        return request, images
