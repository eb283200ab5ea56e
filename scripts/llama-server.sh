#!/usr/bin/env bash
# Builds the real llama.cpp `llama-server` (OpenAI-compatible HTTP server) offline from the source
# bundle inside node-llama-cpp@3.21.1 (npm), plus a tiny random-weight GGUF made with the bundle's
# gguf-py, into a cache directory OUTSIDE the clone. Idempotent: a finished cache is a no-op (~10 ms).
# First build takes ~12.5 min on 2 cores. Prints the cache directory's layout as `key=value` lines.
#
#   HEARTH_LLAMA_CACHE   cache dir (default ~/.cache/hearth-llama)
#   HEARTH_LLAMA_JOBS    parallel compile jobs (default: nproc)
#
# Needs: npm, git, cmake, g++, python3 with numpy and yaml (Debian: cmake g++ git python3-numpy python3-yaml).
set -euo pipefail
VERSION=3.21.1
CACHE="${HEARTH_LLAMA_CACHE:-$HOME/.cache/hearth-llama}"
JOBS="${HEARTH_LLAMA_JOBS:-$(nproc)}"
mkdir -p "$CACHE"
BIN="$CACHE/build/bin/llama-server"
MODEL="$CACHE/tiny.gguf"
STAMP="$CACHE/ready-$VERSION"

report() {
  echo "server=$BIN"
  echo "model=$MODEL"
  echo "vocab=$CACHE/src/llama.cpp/models/ggml-vocab-llama-spm.gguf"
}

if [ -f "$STAMP" ] && [ -x "$BIN" ] && [ -f "$MODEL" ]; then report; exit 0; fi

# One builder at a time (tests and CI may call this concurrently); later callers wait, then no-op.
exec 9>"$CACHE/.lock"
flock 9
if [ -f "$STAMP" ] && [ -x "$BIN" ] && [ -f "$MODEL" ]; then report; exit 0; fi

for tool in npm git cmake g++; do
  command -v "$tool" >/dev/null || { echo "llama-server.sh: $tool is missing; apt-get install -y cmake g++ git python3-numpy python3-yaml" >&2; exit 1; }
done
# gguf-py needs numpy and yaml: the first python3 that has both (a pyenv shim may lack them).
PY=""
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null && "$cand" -c 'import numpy, yaml' 2>/dev/null; then PY="$cand"; break; fi
done
[ -n "$PY" ] || { echo "llama-server.sh: no python3 with numpy and yaml; apt-get install -y python3-numpy python3-yaml" >&2; exit 1; }

BUNDLE="$CACHE/npm/node_modules/node-llama-cpp/llama/gitRelease.bundle"
if [ ! -f "$BUNDLE" ]; then
  echo "--- npm: node-llama-cpp@$VERSION (source bundle only; no install scripts, no prebuilt binaries)" >&2
  npm install --prefix "$CACHE/npm" --no-save --no-audit --no-fund --ignore-scripts --omit=optional \
    --omit=peer "node-llama-cpp@$VERSION" >&2
fi

SRC="$CACHE/src/llama.cpp"
if [ ! -f "$SRC/CMakeLists.txt" ]; then
  echo "--- git clone the llama.cpp bundle" >&2
  rm -rf "$SRC"; mkdir -p "$CACHE/src"
  git clone -q "$BUNDLE" "$SRC" >&2
fi

if [ ! -x "$BIN" ]; then
  echo "--- cmake: llama-server with $JOBS jobs (about 12 min on 2 cores)" >&2
  cmake -S "$SRC" -B "$CACHE/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >&2
  nice -n 10 cmake --build "$CACHE/build" --target llama-server -j"$JOBS" >&2
fi

if [ ! -f "$MODEL" ]; then
  echo "--- gguf-py: tiny random-weight model" >&2
  PYTHONPATH="$SRC/gguf-py" "$PY" "$(dirname "$0")/make-tiny-gguf.py" \
    "$SRC/models/ggml-vocab-llama-spm.gguf" "$MODEL.tmp" >&2
  mv "$MODEL.tmp" "$MODEL"
fi

"$BIN" --version >/dev/null 2>&1 || { echo "llama-server.sh: the built $BIN does not run" >&2; exit 1; }
touch "$STAMP"
report
