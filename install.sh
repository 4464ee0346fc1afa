#!/usr/bin/env bash
# Install guardrail (and with --test, the service, test and postgres extras) into the active Python environment.
#
#   python3 -m venv .venv && . .venv/bin/activate && bash install.sh [--test]
#
# Why a script and not a bare `pip install .`:
# 1. torch must come first as the CPU build (`torch==2.13.0`); otherwise a dependency pulls a
#    multi-GB CUDA build. Set TORCH_INDEX_URL (e.g. https://download.pytorch.org/whl/cpu) to take
#    torch from that index; by default pip's own configuration decides where it comes from.
# 2. invisible-watermark depends on `opencv-python` (GUI build) while nudenet depends on
#    `opencv-python-headless`; both write the same `cv2/` folder. We keep both installed (so
#    `pip check` is clean) and reinstall the headless build last so that `cv2` is the headless
#    one, which needs no libGL and serves both libraries.
set -euo pipefail
cd "$(dirname "$0")"

extras=""
case "${1:-}" in
  --test) extras="[service,test,postgres]" ;;
  "") ;;
  -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "install.sh: unknown argument '$1' (use --test for the test extras)" >&2; exit 2 ;;
esac

# Inside a virtual environment `python` is its interpreter; outside one, fall back to python3.
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then PY="$VIRTUAL_ENV/bin/python"
  elif command -v python >/dev/null 2>&1; then PY=python
  elif command -v python3 >/dev/null 2>&1; then PY=python3
  else echo "install.sh: no python or python3 on PATH; install Python 3.11 first" >&2; exit 2
  fi
fi

if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "install.sh: guardrail needs Python 3.11 or newer; $PY is $("$PY" -c 'import platform; print(platform.python_version())')" >&2
  exit 2
fi

# A system Python managed by the OS (Debian 12, Ubuntu 23.04+, ...) refuses pip installs (PEP 668).
in_venv=$("$PY" -c 'import sys; print(int(sys.prefix != sys.base_prefix))')
managed=$("$PY" -c 'import os, sysconfig; print(int(os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))))')
if [ "$in_venv" = 0 ] && [ "$managed" = 1 ]; then
  cat >&2 <<'EOF'
install.sh: this Python is managed by the operating system (PEP 668: "externally-managed-environment"),
so pip may not install into it. Make a virtual environment first, then run install.sh inside it:

    python3 -m venv .venv && . .venv/bin/activate && bash install.sh

(On Debian/Ubuntu, `python3 -m venv` needs the package python3-venv: sudo apt-get install python3-venv.)
EOF
  exit 2
fi
if ! "$PY" -m pip --version >/dev/null 2>&1; then
  echo "install.sh: $PY has no pip; make a virtual environment (python3 -m venv .venv) or install pip" >&2
  exit 2
fi

PIP=("$PY" -m pip install --quiet --disable-pip-version-check)
start=$SECONDS
step() { printf '[%s/5] %s (%ds elapsed)\n' "$1" "$2" "$((SECONDS - start))"; }

echo "installing guardrail${extras} into $("$PY" -c 'import sys; print(sys.prefix)')"
step 1 "torch 2.13.0, CPU build (the largest download; a minute or more)"
if [ -n "${TORCH_INDEX_URL:-}" ]; then
  "${PIP[@]}" --index-url "$TORCH_INDEX_URL" torch==2.13.0
else
  "${PIP[@]}" torch==2.13.0
fi
step 2 "guardrail and its dependencies (diffusers, transformers, c2pa, nudenet, ...)"
"${PIP[@]}" -e ".${extras}"
step 3 "headless OpenCV last, so cv2 needs no libGL"
cv=$("$PY" -c "import importlib.metadata as m; print(m.version('opencv-python-headless'))")
"${PIP[@]}" --force-reinstall --no-deps "opencv-python-headless==${cv}"
step 4 "pip check"
"$PY" -m pip check
step 5 "importing the native pieces (cv2, nudenet, imwatermark, c2pa, pillow_heif)"
"$PY" -c "import cv2, nudenet, imwatermark, c2pa, pillow_heif"
bin_dir=$("$PY" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
echo "guardrail installed in $((SECONDS - start))s: ${bin_dir}/guardrail ($("${bin_dir}/guardrail" --version))"
