"""newsgraph benchmarks (`make bench`): each prints `BENCH <stage> ratio=<x> target=<op><y> ok|short`.

Never part of the test suite; sizes come from a scale (small, full).
"""
