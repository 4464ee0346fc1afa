#!/usr/bin/env bash
# Install guardrail (and with --test, the service and test extras) on a machine with Python 3.11 and pip.
#
# Why a script and not a bare `pip install .`:
# 1. torch must come first as the CPU build (`torch==2.13.0`); otherwise a dependency pulls a
#    multi-GB CUDA build.
# 2. invisible-watermark depends on `opencv-python` (GUI build) while nudenet depends on
#    `opencv-python-headless`; both write the same `cv2/` folder. We keep both installed (so
#    `pip check` is clean) and reinstall the headless build last so that `cv2` is the headless
#    one, which needs no libGL and serves both libraries.
set -euo pipefail
cd "$(dirname "$0")"
extras=""
if [ "${1:-}" = "--test" ]; then extras="[service,test]"; fi
PIP="python -m pip"
$PIP install --quiet --disable-pip-version-check torch==2.13.0
$PIP install --quiet --disable-pip-version-check -e ".${extras}"
cv=$(python -c "import importlib.metadata as m; print(m.version('opencv-python-headless'))")
$PIP install --quiet --disable-pip-version-check --force-reinstall --no-deps "opencv-python-headless==${cv}"
$PIP check
python -c "import cv2, nudenet, imwatermark, c2pa, pillow_heif"
echo "guardrail installed: $(command -v guardrail)"
