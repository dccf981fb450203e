"""The yardstick of extraction speed: the model alone, through nlp.pipe, on the same files.

    python -m benchmarks.bare_pipe FOLDER MODEL BATCH_SIZE
"""
from __future__ import annotations

import sys
from pathlib import Path

import spacy


def main(folder: str, model: str, batch_size: int) -> None:
    nlp = spacy.load(model)
    texts = (p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt")))
    count = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
    print(count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
