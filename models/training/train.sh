#!/usr/bin/env bash
# Reproduce models/nl_codeertafel_sm (full pipeline) and models/nl_codeertafel_xs
# (small tagging pipeline for the suggestion features) from the UD Dutch CoNLL-U files.
#
#   models/training/train.sh [UD_DIR] [WORK_DIR]
#
# UD_DIR   directory with the UD 2.16 dev/test files and the train-pool files
#          (default: ../shared/ud relative to the repository root)
# WORK_DIR scratch directory for corpora and training output, outside the
#          repository (default: ../training-output relative to the repository root)
# Environment: PYTHON (default: python) must have spacy>=3.8,<3.9 and
# spacy-lookups-data installed (the lexicon back-off tables come from it).
# LEMMATIZER=edit_tree (default) | rule | lookup
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
UD_DIR="${1:-$REPO/../shared/ud}"
WORK="${2:-$REPO/../training-output}"
PY="${PYTHON:-python}"
LEMMATIZER="${LEMMATIZER:-edit_tree}"
# The lexicon back-off tables for words absent from the training data (spacy-lookups-data).
LOOKUPS="$("$PY" -c 'import spacy_lookups_data, pathlib; print(pathlib.Path(spacy_lookups_data.__file__).parent / "data")')"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

mkdir -p "$WORK"
# 1. CoNLL-U -> .spacy (underscore-free lemmas, deterministic dev hold-out, the older
#    pool brought to the 2.16 conventions)
"$PY" "$HERE/convert_ud.py" "$UD_DIR" "$WORK/corpus" --harmonise
# 2. train (single process, CPU; about an hour on one core)
"$PY" -m spacy train "$HERE/config.cfg" --output "$WORK/model" \
    --paths.train "$WORK/corpus/train.spacy" --paths.dev "$WORK/corpus/dev.spacy"
# 3. evaluate on both 2.16 test sets + combined, write meta.json, save package
"$PY" "$HERE/package.py" "$WORK/model/model-best" "$WORK/corpus" \
    "$REPO/models/nl_codeertafel_sm" --lemmatizer "$LEMMATIZER" --ud-dir "$UD_DIR" \
    --lookups "$LOOKUPS" --version 0.3.0
# 4. the small tagging pipeline (same data; ~15 min on one core)
"$PY" -m spacy train "$HERE/config_xs.cfg" --output "$WORK/model_xs" \
    --paths.train "$WORK/corpus/train.spacy" --paths.dev "$WORK/corpus/dev.spacy"
"$PY" "$HERE/package.py" "$WORK/model_xs/model-best" "$WORK/corpus" \
    "$REPO/models/nl_codeertafel_xs" --name nl_codeertafel_xs --ud-dir "$UD_DIR" \
    --lookups "$LOOKUPS" --version 0.2.0
