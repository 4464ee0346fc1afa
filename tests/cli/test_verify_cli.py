"""``guardrail verify``: verdicts, exit codes, several files with one failing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from skimage import data
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.cli._common import app

runner = CliRunner()


def _mark(tmp_path: Path) -> Path:
    src = tmp_path / "in.png"
    Image.fromarray(data.astronaut()).resize((512, 512)).save(src)
    out = tmp_path / "marked.png"
    assert runner.invoke(app, ["mark", str(src), "-o", str(out)]).exit_code == 0
    return out


def test_verify_exit_codes_follow_the_verdicts(tmp_path: Path) -> None:
    marked = _mark(tmp_path)
    resaved = tmp_path / "resaved.jpg"
    Image.open(marked).convert("RGB").save(resaved, "JPEG", quality=75)
    plain = tmp_path / "plain.png"
    Image.fromarray(data.chelsea()).save(plain)

    both = runner.invoke(app, ["verify", str(marked), str(resaved), "--json"])
    assert both.exit_code == 0
    verdicts = [json.loads(line)["verdict"] for line in both.stdout.splitlines()]  # one object per line
    assert verdicts == ["ai-generated", "ai-generated-recovered"]

    one_plain = runner.invoke(app, ["verify", str(plain), "--json"])
    assert one_plain.exit_code == 1
    report = json.loads(one_plain.stdout)
    assert (
        report["verdict"] == "no-provenance"
        and report["watermark"]["detected"] is False
        and report["c2pa"]["state"] is None
    )


def test_one_bad_file_does_not_stop_the_rest_and_exits_2(tmp_path: Path) -> None:
    marked = _mark(tmp_path)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"garbage")
    result = runner.invoke(app, ["verify", str(bad), str(marked), "--json"])
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["verdict"] is None and "not an image" in rows[0]["error"]
    assert rows[1]["verdict"] == "ai-generated"


def test_trust_option_accepts_a_pem_bundle(tmp_path: Path, guardrail_home: Path, monkeypatch) -> None:
    marked = _mark(tmp_path)
    root = guardrail_home / "keys" / "root.pem"
    monkeypatch.setenv("GUARDRAIL_HOME", str(tmp_path / "other-home"))
    untrusted = json.loads(runner.invoke(app, ["verify", str(marked), "--json"]).stdout)
    assert untrusted["c2pa"]["state"] == "Valid"
    trusted = json.loads(runner.invoke(app, ["verify", str(marked), "--trust", str(root), "--json"]).stdout)
    assert trusted["c2pa"]["state"] == "Trusted"


def test_python_m_guardrail_verify_end_to_end(tmp_path: Path) -> None:
    marked = _mark(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "guardrail", "verify", str(marked)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "ai-generated" in proc.stdout and "Trusted" in proc.stdout


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    Image.fromarray(data.chelsea()).save(path)
    return path


def test_corrupt_store_exits_2_with_restore_advice_and_keeps_the_file(tmp_path: Path) -> None:
    import os

    store = Path(os.environ["GUARDRAIL_HOME"]) / "manifests.db"
    store.parent.mkdir(parents=True, exist_ok=True)
    junk = b"not a database " * 200
    store.write_bytes(junk)
    result = runner.invoke(app, ["verify", str(_photo(tmp_path))])
    assert result.exit_code == 2 and "backup" in result.output and "Traceback" not in result.output
    assert str(store) in result.output and store.read_bytes() == junk


def test_truncated_file_error_names_the_file(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    cut = tmp_path / "cut.png"
    cut.write_bytes(photo.read_bytes()[:20000])
    result = runner.invoke(app, ["verify", str(cut), "--json"])
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["error"].startswith(str(cut)) and "bytes>" not in out["error"]


def test_garbage_trust_bundle_is_an_input_error_naming_it(tmp_path: Path) -> None:
    bundle = tmp_path / "trust.pem"
    bundle.write_text("this is not a certificate\n")
    result = runner.invoke(app, ["verify", str(_photo(tmp_path)), "--trust", str(bundle)])
    assert result.exit_code == 2 and str(bundle) in result.output and "PEM" in result.output


def test_verify_policy_reads_the_watermark_with_the_policy_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: deep\nprovenance:\n  watermark:\n    backend: dwtDctSvdPlus\n    options: {level: 3, scale: 144.0}\n"
    )
    src = tmp_path / "in.png"
    Image.fromarray(data.astronaut()).resize((512, 512)).save(src)
    out = tmp_path / "marked.png"
    marked = runner.invoke(app, ["mark", str(src), "-o", str(out), "--policy", str(policy), "--json"])
    assert marked.exit_code == 0, marked.output
    wid = json.loads(marked.stdout)["watermark_id"]
    copy = tmp_path / "copy.jpg"
    Image.open(out).convert("RGB").save(copy, "JPEG", quality=75)
    # The store that holds the release reads with the options its manifest records ...
    recorded = json.loads(runner.invoke(app, ["verify", str(copy), "--json"]).stdout)
    assert recorded["watermark"]["detected"] and recorded["watermark"]["watermark_id"] == wid
    # ... elsewhere (another home, empty store) only --policy supplies them.
    monkeypatch.setenv("GUARDRAIL_HOME", str(tmp_path / "elsewhere"))
    plain = json.loads(runner.invoke(app, ["verify", str(copy), "--json"]).stdout)
    assert not plain["watermark"]["detected"]
    with_policy = json.loads(runner.invoke(app, ["verify", str(copy), "--policy", str(policy), "--json"]).stdout)
    assert with_policy["watermark"]["detected"] and with_policy["watermark"]["watermark_id"] == wid


def _tree(tmp_path: Path) -> Path:
    """A folder with a release, its stripped JPEG copy, a plain photo and a broken file in a sub-folder."""
    root = tmp_path / "inbox"
    (root / "sub" / "deeper").mkdir(parents=True)
    marked = _mark(tmp_path)
    (root / "release.png").write_bytes(marked.read_bytes())
    Image.open(marked).convert("RGB").save(root / "sub" / "copy.jpg", "JPEG", quality=75)
    Image.fromarray(data.chelsea()).save(root / "sub" / "deeper" / "cat.webp")
    (root / "sub" / "broken.png").write_bytes(b"not an image at all")
    (root / "notes.txt").write_text("ignored: not an image suffix")
    return root


def test_folder_is_searched_recursively_one_json_object_per_line_and_bad_file_does_not_stop_it(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = runner.invoke(app, ["verify", str(root), "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {Path(r["source"]).name: r for r in rows}
    assert set(by_name) == {"release.png", "copy.jpg", "cat.webp", "broken.png"}
    assert (
        by_name["release.png"]["verdict"] == "ai-generated"
        and by_name["copy.jpg"]["verdict"] == "ai-generated-recovered"
    )
    assert by_name["cat.webp"]["verdict"] == "no-provenance" and by_name["broken.png"]["verdict"] is None
    assert result.exit_code == 2  # one input error; the other three were still checked
    assert "no-provenance" in result.stderr and "4 file(s)" in result.stderr  # the summary, on stderr with --json


def test_glob_and_summary_table_and_exit_code(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = runner.invoke(app, ["verify", str(root / "**" / "*.jp*g"), str(root / "release.png")])
    assert result.exit_code == 0, result.output  # both verified (signed, and recovered)
    assert "ai-generated-recovered" in result.stdout and "2 file(s)" in result.stdout
    nothing = runner.invoke(app, ["verify", str(root / "**" / "*.bmp")])
    assert nothing.exit_code == 2 and "no image files match" in nothing.stdout


def test_trust_from_env_folder_and_policy(tmp_path: Path, guardrail_home: Path, monkeypatch) -> None:
    marked = _mark(tmp_path)
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "ours.pem").write_bytes((guardrail_home / "keys" / "root.pem").read_bytes())
    monkeypatch.setenv("GUARDRAIL_HOME", str(tmp_path / "other-home"))
    assert json.loads(runner.invoke(app, ["verify", str(marked), "--json"]).stdout)["trust"] == "untrusted"
    folder = json.loads(runner.invoke(app, ["verify", str(marked), "--trust", str(anchors), "--json"]).stdout)
    assert folder["trust"] == "trusted"
    monkeypatch.setenv("GUARDRAIL_TRUST", str(anchors / "ours.pem"))
    assert json.loads(runner.invoke(app, ["verify", str(marked), "--json"]).stdout)["trust"] == "trusted"
    monkeypatch.delenv("GUARDRAIL_TRUST")
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: newsroom\nprovenance:\n  trust: [anchors]\n")
    assert (
        json.loads(runner.invoke(app, ["verify", str(marked), "--policy", str(policy), "--json"]).stdout)["trust"]
        == "trusted"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = runner.invoke(app, ["verify", str(marked), "--trust", str(empty)])
    assert bad.exit_code == 2 and "no PEM files" in bad.output


def test_allow_network_flag_is_accepted(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(_photo(tmp_path)), "--allow-network", "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["verdict"] == "no-provenance"


def test_markup_in_a_manifest_or_file_name_is_printed_not_interpreted(tmp_path: Path) -> None:
    """Red team: a claim generator named 'Camera[/b]' (the file's own words) made rich raise a
    MarkupError when the table was printed: no verdict for any file of the batch, exit 2."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "provenance"))
    from other_tools import IPTC, created, encode, make_ca, sign

    ca = make_ca(tmp_path / "ca")
    img = Image.fromarray(data.coffee()).resize((128, 128))
    signed = tmp_path / "signed.png"
    signed.write_bytes(sign(encode(img, "PNG"), "image/png", created(IPTC + "digitalCapture", tool="Camera[/b]"), ca))
    named = tmp_path / "b[green]ai-generated[red].png"
    img.save(named)
    result = runner.invoke(app, ["verify", str(signed), str(named)])
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert result.exit_code == 1  # credentials-no-ai (untrusted signer: 1) and no-provenance (1)
    assert "Camera[/b]" in result.output and "credentials-no-ai" in result.output and "no-provenance" in result.output


def test_a_no_ai_claim_from_an_untrusted_signer_is_not_shown_green(tmp_path: Path) -> None:
    """Red team: credentials-no-ai from a self-made CA exits 1 (not verified), yet the table printed it green like
    a verified verdict; the page shows it as a warning. Green now follows the exit code."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "provenance"))
    from other_tools import IPTC, created, encode, make_ca, sign

    from guardrail.cli.verify import verdict_cell
    from guardrail.provenance import verify_image

    ca = make_ca(tmp_path / "ca")
    signed = tmp_path / "capture.png"
    img = Image.fromarray(data.coffee()).resize((128, 128))
    signed.write_bytes(sign(encode(img, "PNG"), "image/png", created(IPTC + "digitalCapture"), ca))
    untrusted = verify_image(signed)
    trusted = verify_image(signed, trust=[ca.root_path])
    assert (untrusted.verdict, untrusted.exit_code, trusted.exit_code) == ("credentials-no-ai", 1, 0)
    assert verdict_cell(untrusted) == "[yellow]credentials-no-ai[/]"
    assert verdict_cell(trusted) == "[green]credentials-no-ai[/]"
