"""Batches of images (verify, check, mark) run by an engine: this process, or a Ray cluster.

```
items (name, path) ─► job.start() per worker (models, stores, policy loaded once)
                          └► worker(item) ─► ItemResult (the command's JSON row, its outcome)
engine "local": one worker in this process      engine "ray": Ray Data, one worker per actor
```

A job (:mod:`guardrail.batch.jobs`) holds the per-image code of one command, so the CLI gives
the same rows and verdicts whichever engine runs it. Engines are chosen by name
(:data:`guardrail.batch.engines.ENGINES`).
"""

from __future__ import annotations

from guardrail.batch.engines import ENGINES, run_batch
from guardrail.batch.jobs import CheckJob, MarkJob, VerifyJob
from guardrail.batch.models import BatchItem, ItemResult

__all__ = ["ENGINES", "BatchItem", "CheckJob", "ItemResult", "MarkJob", "VerifyJob", "run_batch"]
