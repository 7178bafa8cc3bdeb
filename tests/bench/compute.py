"""The non-HTTP scenarios: image normalisation and configuration validation."""

import tempfile

from jsonschema import Draft202012Validator

from modelhub.rules import configuration as rules
from modelhub.rules.configuration import configuration_errors
from tests.bench import imaging
from tests.bench.report import Row
from tests.bench.timing import Call, interleave, median

VALIDATIONS_PER_SAMPLE = 200


LIMIT_FACTOR = 1.3  # the intake may take at most 1.3× the limit (a reduced-scale decode alone)


def image_rows(*, iterations: int) -> list[Row]:
    """Per sample file: the product's intake against the limit and against the naive decode."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="modelhub_bench_") as tmp:
        tiny = imaging.write_tiny(tmp)
        for kind, (path, raw) in imaging.write_samples(tmp).items():
            calls = [
                Call("product", lambda raw=raw: imaging.image_to_data_uri(raw)),
                Call("limit", lambda raw=raw: imaging.limit_decode(raw)),
                Call("covering", lambda raw=raw: imaging.covering_decode(raw)),
                Call("naive", lambda raw=raw: imaging.naive_data_uri(raw)),
            ]
            if imaging.DJPEG:
                calls += [
                    Call("djpeg", lambda path=path: imaging.djpeg_decode(path)),
                    Call("djpeg spawn", lambda: imaging.djpeg_decode(tiny)),
                ]
            samples = interleave(
                calls,
                iterations=iterations,
                warmup=1,
                max_seconds=25,
                min_iterations=7,
            )
            mine, limit, covering, naive = (median(samples[n]) for n in ("product", "limit", "covering", "naive"))
            peak, _ = imaging.peak_memory_mb(path, "product")
            naive_peak, _ = imaging.peak_memory_mb(path, "naive")
            limit_peak, _ = imaging.peak_memory_mb(path, "limit")
            scenario = f"12 MP JPEG → data URI ({kind}, {len(raw) / 1e6:.1f} MB)"
            failures = [f"median {mine:.0f} ms ≥ 150 ms"] if mine >= 150 else []
            if peak >= 150:
                failures.append(f"peak {peak:.0f} MB ≥ 150 MB")
            rows.append(
                Row(
                    scenario=scenario,
                    median_ms=mine,
                    reference="naive full decode + thumbnail",
                    ref_median_ms=naive,
                    ratio=naive / mine,
                    queries=f"peak {peak:.0f} MB (ref {naive_peak:.0f} MB)",
                    target="<150 ms; <150 MB",
                    met=not failures,
                    note="missed: " + "; ".join(failures) if failures else "",
                )
            )
            times_limit = mine / limit
            row = Row(
                scenario=scenario,
                median_ms=mine,
                reference="limit: Image.draft 1/8 + load()",
                ref_median_ms=limit,
                ratio=limit / mine,
                ratio_label=f"{times_limit:.2f}× limit",
                queries=f"peak {peak:.0f} MB (limit {limit_peak:.0f} MB)",
                target=f"≤{LIMIT_FACTOR}× the limit",
                met=times_limit <= LIMIT_FACTOR,
                note=(
                    f"the decode alone at the smallest scale covering 512 px takes {covering:.1f} ms "
                    f"({mine / covering:.2f}× of it)"
                ),
            )
            if not row.met:
                row.note = f"missed: {times_limit:.2f}× > {LIMIT_FACTOR}× the limit; {row.note}"
            rows.append(row)
            if imaging.DJPEG:
                rows.append(_djpeg_row(scenario, mine, samples))
    return rows


def _djpeg_row(scenario: str, mine: float, samples: dict[str, list[float]]) -> Row:
    """The intake against libjpeg-turbo's `djpeg -scale 1/8` (process start subtracted)."""
    spawn = median(samples["djpeg spawn"])
    djpeg = max(median(samples["djpeg"]) - spawn, 0.001)
    times = mine / djpeg
    row = Row(
        scenario=scenario,
        median_ms=mine,
        reference="limit: djpeg -scale 1/8 (start subtracted)",
        ref_median_ms=djpeg,
        ratio=djpeg / mine,
        ratio_label=f"{times:.2f}× limit",
        queries="—",
        target=f"≤{LIMIT_FACTOR}× the limit",
        met=times <= LIMIT_FACTOR,
        note=f"{imaging.djpeg_version()}; starting djpeg ({spawn:.1f} ms, timed on an 8×8 JPEG) subtracted",
    )
    if not row.met:
        row.note = f"missed: {times:.2f}× > {LIMIT_FACTOR}× the limit; {row.note}"
    return row


def validator_rows(definition, configuration: dict, *, iterations: int) -> list[Row]:
    """The product's check (cached validator) vs the same check rebuilding the validator, and
    vs a bare `Draft202012Validator(spec)` per call. The spec sets no target: reported as is."""
    spec = definition.model_spec

    def cached():
        for _ in range(VALIDATIONS_PER_SAMPLE):
            assert not configuration_errors(configuration, definition)

    def uncached():
        for _ in range(VALIDATIONS_PER_SAMPLE):
            rules._validator_cache.clear()
            assert not configuration_errors(configuration, definition)

    def bare():
        for _ in range(VALIDATIONS_PER_SAMPLE):
            assert not list(Draft202012Validator(spec).iter_errors(configuration))

    samples = interleave(
        [Call("cached", cached), Call("uncached", uncached), Call("bare", bare)],
        iterations=iterations,
        warmup=2,
        max_seconds=20,
    )
    per = {name: median(values) / VALIDATIONS_PER_SAMPLE for name, values in samples.items()}
    rows = []
    for ref, label in (
        ("uncached", "same check, validator built each time"),
        ("bare", "bare Draft202012Validator(spec) each time"),
    ):
        rows.append(
            Row(
                scenario="configuration validation (cached)",
                median_ms=per["cached"],
                reference=label,
                ref_median_ms=per[ref],
                ratio=per[ref] / per["cached"],
                queries="0",
                target="none (info)",
                note=f"{1000 / per['cached']:,.0f} validations/s vs {1000 / per[ref]:,.0f}/s",
            )
        )
    rows[1].note += (
        " (the bare call skips the product's size, depth and NUL guards; building a jsonschema "
        "validator is cheap, validating is what costs)"
    )
    return rows
