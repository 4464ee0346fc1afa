"""``guardrail generate PROMPT -o DIR``: the guarded pipeline from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from guardrail.cli._common import EXIT_FAIL, EXIT_OK, app, err_console, exit_with, guarded, out_console, print_json

__all__ = ["generate"]


def _summary(result: Any) -> dict[str, Any]:
    """The JSON report: action, images written, withheld slots, attempts, prompt decision."""
    decision = result.prompt_decision
    return {
        "action": result.action,
        "request_id": result.request_id,
        "images": [r.path for r in result.released],
        "released": [
            {
                "path": r.path,
                "index": r.index,
                "seed": r.seed,
                "attempt": r.attempt,
                "check": r.check_action,
                "nsfw_content_detected": r.nsfw_content_detected,
                "watermark_id": r.watermark_id,
                "manifest_hash": r.manifest_hash,
            }
            for r in result.released
        ],
        "withheld": [w.model_dump(mode="json") for w in result.withheld],
        "attempts": [a.model_dump(mode="json") for a in result.attempts],
        "prompt": {
            "action": decision.action.value,
            "rules": decision.rule_ids,
            "rewritten": result.rewritten,
            "effective_prompt": result.effective_prompt,
            "reasons": decision.reasons,
        },
        "model": result.model_id,
        "seed": result.seed,
        "policy": result.policy.model_dump(mode="json"),
    }


def _report(result: Any) -> None:
    """A readable report for people."""
    from rich.table import Table

    decision = result.prompt_decision
    style = {"released": "green", "withheld": "yellow", "blocked": "red"}[result.action]
    out_console.print(
        f"[bold {style}]{result.action}[/]  request {result.request_id}  model {result.model_id}  policy "
        f"{result.policy.name} {result.policy.hash[:12]}"
    )
    for reason in decision.reasons:
        out_console.print(f"  prompt: {reason}")
    if result.rewritten:
        out_console.print(f"  generated from the rewritten prompt: {result.effective_prompt!r}")
    if not result.attempts:
        return
    table = Table("image", "attempt", "seed", "outcome", "details")
    for attempt in result.attempts:
        details = attempt.reason
        path = next(
            (r.path for r in result.released if r.index == attempt.index and r.attempt == attempt.attempt), None
        )
        outcome = f"[green]released[/] {path}" if attempt.action == "released" else "[yellow]withheld[/]"
        table.add_row(str(attempt.index), str(attempt.attempt), str(attempt.seed), outcome, details)
    out_console.print(table)


def _refuse_invalid_prompt(
    log: Any, policy: Any, model_id: str, prompt: str, negative_prompt: str | None, seed: int | None
) -> None:
    """InputError naming PROMPT or --negative-prompt when not valid Unicode, after recording the refusal."""
    import uuid

    from guardrail.audit.refusal import invalid_text_error, refusal_record

    error = invalid_text_error(prompt, "PROMPT") or invalid_text_error(negative_prompt, "--negative-prompt")
    if error is None:
        return
    log.log_request(
        refusal_record(
            prompt,
            request_id=uuid.uuid4().hex,
            error=error,
            mode=policy.audit.prompt,
            negative_prompt=negative_prompt,
            policy=policy.ref,
            model_id=model_id,
            seed=seed,
        )
    )
    raise error


@app.command()
@guarded
def generate(
    prompt: str = typer.Argument(..., help="What to generate."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write released images into (created if missing)."),
    model: str | None = typer.Option(
        None,
        "--model",
        help="Hub id (from the local cache) or local path of a diffusers pipeline. Default: the offline demo model.",
    ),
    device: str = typer.Option("cpu", "--device", help="Where the model runs: cpu, cuda, cuda:1, mps, ..."),
    policy: str | None = typer.Option(
        None, "--policy", help="Policy file or builtin:NAME. Default: the shipped default policy."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed for reproducible output (image i uses seed + i)."),
    steps: int | None = typer.Option(None, "--steps", help="Inference steps (default: the model's)."),
    n: int = typer.Option(1, "--n", help="Number of images.", min=1, max=16),
    height: int | None = typer.Option(None, "--height", help="Image height, a multiple of 8."),
    width: int | None = typer.Option(None, "--width", help="Image width, a multiple of 8."),
    negative_prompt: str | None = typer.Option(None, "--negative-prompt", help="What the model should avoid."),
    output_format: str = typer.Option("png", "--format", help="png, jpeg or webp."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Screen the prompt, generate, check every image, mark and sign what is released.

    Exit 0 when at least one image was released, 1 when the prompt was blocked or every image was
    withheld (nothing written then), 2 on a usage or input error.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from guardrail.errors import InputError
    from guardrail.policy import load_policy
    from guardrail.screening import Screener

    if output_format not in ("png", "jpeg", "webp"):
        raise InputError(f"unsupported format {output_format!r}", where="--format", fix="use png, jpeg or webp")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder", where="--out", fix="name a folder")
    from guardrail.pipeline import check_call_arguments

    flags = {
        "num_images_per_prompt": "--n",
        "num_inference_steps": "--steps",
        "height": "--height",
        "width": "--width",
        "seed": "--seed",
    }
    try:
        check_call_arguments(num_images_per_prompt=n, num_inference_steps=steps, height=height, width=width, seed=seed)
    except InputError as err:
        raise InputError(err.message, where=flags.get(err.where or "", err.where), fix=err.fix) from err
    from guardrail.audit import AuditLog
    from guardrail.audit.refusal import invalid_text_error
    from guardrail.cli.audit import recover_at_startup
    from guardrail.generation import DEMO_MODEL_ID

    bad_model = invalid_text_error(model, "--model")
    if bad_model is not None:
        raise bad_model
    loaded_policy = load_policy(policy)
    log = AuditLog()  # first: without an audit log nothing may be released (StoreError, exit 2)
    recover_at_startup(log)
    _refuse_invalid_prompt(log, loaded_policy, model or DEMO_MODEL_ID, prompt, negative_prompt, seed)
    # Screen before loading the model: a blocked prompt costs nothing and writes nothing.
    decision = Screener(loaded_policy).screen(prompt)
    from guardrail.pipeline import GuardedPipeline

    if not decision.allowed:  # log the refusal without loading a model
        pipe = GuardedPipeline(None, policy=loaded_policy, model_id=model or DEMO_MODEL_ID, audit=log)
        result = pipe(
            prompt,
            negative_prompt=negative_prompt,
            num_inference_steps=steps,
            height=height,
            width=width,
            num_images_per_prompt=n,
            seed=seed,
        )
    else:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=as_json,
        ) as progress:
            task = progress.add_task("loading model", total=n)
            pipe = GuardedPipeline.from_pretrained(
                model, policy=loaded_policy, output_format=output_format, device=device, audit=log
            )

            def on_event(stage: str, info: dict[str, Any]) -> None:
                if stage == "generate":  # one batched call per round of attempts
                    progress.update(
                        task, description=f"generating {len(info['indices'])} image(s) (attempt {info['attempt']})"
                    )
                elif stage in ("check", "mark"):
                    progress.update(
                        task, description=f"image {info['index'] + 1}/{n}: {stage} (attempt {info['attempt']})"
                    )
                if stage == "mark":
                    progress.advance(task)

            result = pipe(
                prompt,
                negative_prompt=negative_prompt,
                num_inference_steps=steps,
                height=height,
                width=width,
                num_images_per_prompt=n,
                seed=seed,
                progress=on_event,
                save_to=out,
            )
    if as_json:
        print_json(_summary(result))
    else:
        _report(result)
    exit_with(EXIT_OK if result.action == "released" else EXIT_FAIL)
