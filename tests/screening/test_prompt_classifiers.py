"""The optional model stage: a tiny transformers text classifier built here, and a real local
HTTP server speaking the OpenAI moderation API. Rules run first; failures block."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from guardrail.policy import PromptAction, lint_policy, load_policy
from guardrail.screening import Screener

RULES = """
  rules:
    - {id: nudity, category: sexual, severity: high, action: block, terms: [nude]}
"""


def _tiny_text_model(folder: Path, unsafe_bias: float) -> Path:
    """A 2-label BERT (safe/unsafe) of a few KB whose answer is set by the classifier bias."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "lighthouse", "cat", "at", "dawn", "knife"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    BertTokenizer(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        id2label={0: "safe", 1: "unsafe"},
        label2id={"safe": 0, "unsafe": 1},
    )
    model = BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, unsafe_bias]))
    model.save_pretrained(folder)
    return folder


def _policy(write: Callable[[str, str], Path], classifier: str) -> Path:
    return write("p.yaml", f"name: m\nprompt:\n{RULES}  classifiers:\n{classifier}")


@pytest.mark.slow  # imports transformers (~10-25 s cold on a busy 2-core machine)
def test_hf_text_classifier_blocks_what_the_model_scores_over_threshold(
    tmp_path: Path, write: Callable[[str, str], Path]
) -> None:
    model = _tiny_text_model(tmp_path / "unsafe-model", unsafe_bias=6.0)  # p(unsafe) ~ 0.998
    path = _policy(
        write,
        f"    - backend: hf-text-classifier\n      options: {{model: {model}, labels: {{unsafe: unsafe}}}}\n      "
        f"categories: {{unsafe: {{threshold: 0.9}}}}\n",
    )
    decision = Screener(load_policy(path)).screen("a lighthouse at dawn")
    assert decision.action == PromptAction.BLOCK
    (match,) = decision.matches
    assert (
        match.rule_id == "model.hf-text-classifier.unsafe"
        and match.kind == "model"
        and match.normalised.startswith("score 0.99")
    )


@pytest.mark.slow  # imports transformers (~10-25 s cold on a busy 2-core machine)
def test_hf_text_classifier_under_threshold_allows_and_never_unblocks_a_rule(
    tmp_path: Path, write: Callable[[str, str], Path]
) -> None:
    model = _tiny_text_model(tmp_path / "safe-model", unsafe_bias=-6.0)
    path = _policy(
        write,
        f"    - backend: hf-text-classifier\n      options: {{model: {model}, labels: {{unsafe: unsafe}}}}\n      "
        f"categories: {{unsafe: {{threshold: 0.5, action: flag}}}}\n",
    )
    screener = Screener(load_policy(path))
    assert screener.screen("a lighthouse at dawn").action == PromptAction.ALLOW
    blocked = screener.screen("a nude cat")
    assert blocked.action == PromptAction.BLOCK and blocked.rule_ids == ["nudity"]


def test_a_missing_model_folder_blocks_as_could_not_check(tmp_path: Path, write: Callable[[str, str], Path]) -> None:
    path = _policy(
        write,
        f"    - backend: hf-text-classifier\n      options: {{model: {tmp_path / 'nowhere'}, labels: {{unsafe: "
        f"unsafe}}}}\n      categories: {{unsafe: {{threshold: 0.5}}}}\n",
    )
    decision = Screener(load_policy(path)).screen("a lighthouse")
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert "could not check" in decision.reasons[0]


class _Moderation(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []
    mode = "ok"

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"body": body, "auth": self.headers.get("Authorization")})
        if self.mode == "slow":
            time.sleep(1.0)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        bad = "knife" in body["input"]
        scores = {"violence/graphic": 0.97 if bad else 0.01, "sexual": 0.02}
        if self.mode == "partial":
            scores = {"sexual": 0.02}
        payload = json.dumps(
            {"id": "modr-1", "model": body.get("model"), "results": [{"flagged": bad, "category_scores": scores}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    _Moderation.requests = []
    _Moderation.mode = "ok"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Moderation)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/moderations"
    server.shutdown()
    server.server_close()


def _moderation_policy(write: Callable[[str, str], Path], url: str, timeout: float = 2.0) -> Path:
    return _policy(
        write,
        (
            f"    - backend: openai-moderation\n      timeout_s: {timeout}\n"
            f"      options: {{url: '{url}', model: llama-guard, api_key_env: GR_TEST_KEY, labels: "
            f"{{violence/graphic: violence}}}}\n"
            "      categories: {violence: {threshold: 0.8}}\n"
        ),
    )


def test_moderation_endpoint_blocks_and_sends_model_and_key(
    endpoint: str, write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GR_TEST_KEY", "k-123")
    screener = Screener(load_policy(_moderation_policy(write, endpoint)))
    assert screener.screen("a cat at dawn").action == PromptAction.ALLOW
    decision = screener.screen("a knife in a cat")
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["model.openai-moderation.violence"]
    assert _Moderation.requests[-1] == {
        "body": {"input": "a knife in a cat", "model": "llama-guard"},
        "auth": "Bearer k-123",
    }


def test_rules_run_first_and_a_rule_block_skips_the_model(
    endpoint: str, write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GR_TEST_KEY", "k")
    decision = Screener(load_policy(_moderation_policy(write, endpoint))).screen("a nude cat")
    assert decision.rule_ids == ["nudity"] and _Moderation.requests == []


@pytest.mark.parametrize(
    ("mode", "why"), [("slow", "no answer within 0.3 s"), ("error", "HTTP 500"), ("partial", "no score for 'violence'")]
)
def test_endpoint_failures_block_as_could_not_check(
    endpoint: str, write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch, mode: str, why: str
) -> None:
    monkeypatch.setenv("GR_TEST_KEY", "k")
    _Moderation.mode = mode
    decision = Screener(load_policy(_moderation_policy(write, endpoint, timeout=0.3))).screen("a cat at dawn")
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert why in decision.reasons[0]


def test_unreachable_endpoint_and_missing_key_block(
    write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GR_TEST_KEY", raising=False)
    decision = Screener(load_policy(_moderation_policy(write, "http://127.0.0.1:9/v1/moderations"))).screen("a cat")
    assert decision.action == PromptAction.BLOCK and "GR_TEST_KEY is not set" in decision.reasons[0]
    monkeypatch.setenv("GR_TEST_KEY", "k")
    decision = Screener(load_policy(_moderation_policy(write, "http://127.0.0.1:9/v1/moderations"))).screen("a cat")
    assert decision.action == PromptAction.BLOCK and "unreachable" in decision.reasons[0]


def test_lint_checks_prompt_classifier_backends_and_categories(write: Callable[[str, str], Path]) -> None:
    path = _policy(
        write,
        (
            "    - backend: openai-moderaton\n      categories: {violence: {threshold: 0.8}}\n"
            "    - backend: openai-moderation\n      options: {url: 'http://x/v1/moderations', labels: {sexual: "
            "sexual}}\n"
            "      categories: {violence: {threshold: 0.8}}\n"
        ),
    )
    problems = [str(p) for p in lint_policy(path)]
    assert any("prompt.classifiers[0].backend" in p and "unknown prompt_classifier backend" in p for p in problems), (
        problems
    )
    assert any("does not score category 'violence'" in p for p in problems), problems
