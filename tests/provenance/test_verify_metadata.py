"""Unsigned AI declarations: XMP digital source type and generator chunks (AUTOMATIC1111, ComfyUI)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from guardrail.provenance.store import SQLiteManifestStore
from guardrail.provenance.verify import verify_image

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 Iptc4xmpExt:DigitalSourceType="{value}"/></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
XMP_ELEMENT = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
<Iptc4xmpExt:DigitalSourceType>{value}</Iptc4xmpExt:DigitalSourceType></rdf:Description></rdf:RDF></x:xmpmeta>"""
A1111 = (
    "a castle on a hill, golden hour\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, "
    "Seed: 1234, Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.7.0"
)
COMFY_PROMPT = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a castle", "clip": ["4", 1]}},
}
COMFY_WORKFLOW = {"nodes": [{"id": 4, "type": "CheckpointLoaderSimple", "widgets_values": ["flux1-dev.safetensors"]}]}


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteManifestStore:
    return SQLiteManifestStore(tmp_path / "m.db")


def _png(img: Image.Image, text: dict[str, str], *, itxt: bool = False, compressed: bool = False) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        if itxt:
            info.add_itxt(key, value, zip=compressed)
        else:
            info.add_text(key, value)
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


@pytest.mark.parametrize("compressed", [False, True], ids=["itxt", "compressed-itxt"])
def test_xmp_digital_source_type_in_png_is_ai_declared_unsigned(photo, store, compressed: bool) -> None:
    xmp = XMP.format(value="https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
    report = verify_image(
        _png(photo("chelsea"), {"XML:com.adobe.xmp": xmp}, itxt=True, compressed=compressed), store=store
    )
    assert report.verdict == "ai-declared-unsigned" and report.exit_code == 1
    [decl] = report.metadata.declarations
    assert decl.term == "trainedAlgorithmicMedia" and not decl.signed and decl.where.startswith("XMP metadata")
    assert "easy to forge or strip" in report.reasons[0]


def test_xmp_in_jpeg_element_form_is_read(photo, store) -> None:
    buf = io.BytesIO()
    photo("chelsea").save(
        buf,
        "JPEG",
        xmp=XMP_ELEMENT.format(
            value="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
        ).encode(),
    )
    report = verify_image(buf.getvalue(), store=store)
    assert report.verdict == "ai-declared-unsigned"
    assert [d.term for d in report.metadata.declarations] == ["compositeWithTrainedAlgorithmicMedia"]


def test_xmp_declaring_a_capture_is_not_ai(photo, store) -> None:
    xmp = XMP.format(value="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture")
    report = verify_image(_png(photo("chelsea"), {"XML:com.adobe.xmp": xmp}, itxt=True), store=store)
    assert report.verdict == "no-provenance" and report.metadata.declarations[0].kind == "not-ai"


def test_automatic1111_parameters_chunk_is_ai_declared_unsigned(photo, store) -> None:
    report = verify_image(_png(photo("chelsea"), {"parameters": A1111}), store=store)
    assert report.verdict == "ai-declared-unsigned"
    [gen] = report.metadata.generators
    assert gen.generator == "AUTOMATIC1111" and gen.model == "v1-5-pruned-emaonly"
    assert "AUTOMATIC1111 'parameters' chunk (model v1-5-pruned-emaonly)" in report.reasons[0]


def test_comfyui_prompt_and_workflow_chunks_are_ai_declared_unsigned(photo, store) -> None:
    report = verify_image(
        _png(photo("chelsea"), {"prompt": json.dumps(COMFY_PROMPT), "workflow": json.dumps(COMFY_WORKFLOW)}),
        store=store,
    )
    assert report.verdict == "ai-declared-unsigned"
    assert [(g.generator, g.key, g.model) for g in report.metadata.generators] == [
        ("ComfyUI", "prompt", "sd_xl_base_1.0.safetensors"),
        ("ComfyUI", "workflow", "flux1-dev.safetensors"),
    ]


def test_text_chunks_that_are_not_generator_records_are_ignored(photo, store) -> None:
    report = verify_image(
        _png(photo("chelsea"), {"parameters": "exposure=1/250", "prompt": "not json", "Comment": "hello"}), store=store
    )
    assert report.verdict == "no-provenance" and report.metadata.generators == []
