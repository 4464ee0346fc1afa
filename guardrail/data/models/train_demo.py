"""Retrain the offline demo model: ``python models/train_demo.py OUT [--steps N]``.

A thin entry point to ``guardrail.demo.train`` (see there and docs/models.md). Example, as the
shipped model was made: ``python models/train_demo.py guardrail/data/models/demo-shapes``.
"""

from guardrail.demo.train import main

if __name__ == "__main__":
    main()
