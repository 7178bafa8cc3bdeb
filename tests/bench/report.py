"""The results table, the machine description and the results file."""

import os
import platform
from dataclasses import dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent


@dataclass
class Row:
    scenario: str
    median_ms: float | None = None
    reference: str = ""
    ref_median_ms: float | None = None
    ratio: float | None = None  # how many times faster than the reference (ref / scenario)
    queries: str = ""
    target: str = ""
    met: bool | None = None  # None: not judged (no target, or not measurable yet)
    note: str = ""  # "n/a (not built yet: ...)" or why a target is missed
    ratio_label: str = ""  # shown instead of "<ratio>×" (e.g. "1.2× the limit")

    @property
    def met_label(self) -> str:
        if self.note.startswith("n/a"):
            return "n/a"
        return {True: "yes", False: "NO", None: "—"}[self.met]


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 1 else f"{value:.1f}"


COLUMNS = ("scenario", "median ms", "reference", "ref median ms", "ratio", "queries", "target", "met?")


def format_table(rows: list[Row]) -> str:
    cells = [COLUMNS]
    for row in rows:
        cells.append(
            (
                row.scenario,
                _ms(row.median_ms),
                row.reference or "—",
                _ms(row.ref_median_ms),
                row.ratio_label or (f"{row.ratio:.2f}×" if row.ratio is not None else "—"),
                row.queries or "—",
                row.target or "—",
                row.met_label,
            )
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    right = {1, 3, 4}
    lines = []
    for n, line in enumerate(cells):
        lines.append(
            "  ".join(
                (cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])) for i, cell in enumerate(line)
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"- {row.scenario}: {row.note}" for row in rows if row.note]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def machine_description(db_version: str) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        mem = "RAM unknown"
    import django
    import PIL

    return (
        f"{cpu}, {os.cpu_count()} cores, {mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, Pillow {PIL.__version__}; {db_version}"
    )


def write_results(vendor: str, text: str) -> Path:
    path = RESULTS_DIR / f"last_results_{vendor}.txt"
    path.write_text(text + "\n")
    return path
