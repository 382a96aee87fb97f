"""How fast the workbench opens a big project and a long transcript (run on demand).

Targets: first paint < 1.5 s, open a document < 300 ms, apply a code p95 < 50 ms.

    .venv/bin/python benchmarks/tui_open.py [--documents 200] [--words 20000]

Builds a project in a temporary folder with one long transcript (600 turns, ~20,000
words) and 199 ordinary ones, then drives the app headless (``run_test``) and prints:
time to the documents screen, time to open the long transcript on the coding screen,
cursor moves and page jumps through it, and redrawing after a code is applied.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import transcript

from coder.codebook import apply_codebook, read_codebook
from coder.resources import default_codebook
from coder.store import NewSegment, Project


def store_transcript(project: Project, name: str, turns: list[tuple[str, str]], timed: bool) -> int:
    parts, segments, offset = [], [], 0
    for number, (speaker, words) in enumerate(turns):
        block = f"{speaker}: {words}"
        start = offset + len(speaker) + 2
        segments.append(
            NewSegment(speaker, start, start + len(words), number * 9.5 if timed else None)
        )
        parts.append(block)
        offset += len(block) + 2
    document = project.add_document(
        name=name,
        original_filename=f"{name}.txt",
        sha256=name,
        format="txt",
        text="\n\n".join(parts),
        segments=segments,
        attributes={"setting": "dialoogtafel", "region": f"wijk {len(name) % 7}"},
    )
    return document.id


def build(path: Path, documents: int, words: int) -> tuple[int, int, int]:
    rng = random.Random(7)
    book = read_codebook(default_codebook())
    project = Project.create(path, populate=lambda new: apply_codebook(new, book))
    long_turns = transcript(rng, words)
    while len(long_turns) < 600:
        long_turns += transcript(rng, 200)
    long_turns = long_turns[:600]
    long_id = store_transcript(project, "000 lange dialoogtafel", long_turns, timed=True)
    for number in range(1, documents):
        store_transcript(project, f"transcript {number:03d}", transcript(rng, 1200), timed=False)
    total_words = sum(len(text.split()) for _, text in long_turns)
    project.close()
    return long_id, len(long_turns), total_words


TARGETS = {
    "app start → documents screen (s)": "< 1.5",
    "open 600-turn transcript, first time (s)": "< 0.3",
    "apply a code (key → stored → redrawn), p95 (ms)": "< 50",
}


async def measure(path: Path, long_id: int) -> dict[str, float]:
    from coder.tui.app import make_app

    figures: dict[str, float] = {}
    started = time.perf_counter()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        figures["app start → documents screen (s)"] = time.perf_counter() - started
        figures["documents listed"] = app.screen.query_one("#documents-table").row_count

        began = time.perf_counter()
        await app.open_document(long_id)
        await pilot.pause()
        figures["open 600-turn transcript, first time (s)"] = time.perf_counter() - began

        screen = app.screen
        view = screen.transcript  # type: ignore[attr-defined]
        began = time.perf_counter()
        await pilot.press(*["j"] * 20)
        figures["cursor key through Pilot, incl. harness wait (ms)"] = (
            (time.perf_counter() - began) / 20 * 1000
        )

        def redraw() -> None:
            for y in range(view.size.height):
                view.render_line(y)

        began = time.perf_counter()
        for _ in range(200):
            view.action_cursor(1)
            redraw()
        figures["cursor move + redraw, app work per key (ms)"] = (
            (time.perf_counter() - began) / 200 * 1000
        )

        began = time.perf_counter()
        for _ in range(20):
            view.action_page(1)
            redraw()
        figures["page down + redraw, app work per key (ms)"] = (
            (time.perf_counter() - began) / 20 * 1000
        )

        began = time.perf_counter()
        await pilot.press("end", "home", "end")
        figures["jump end/home/end through Pilot (ms)"] = (time.perf_counter() - began) * 1000

        began = time.perf_counter()
        for _ in range(20):
            view.render_line(0)
            view._cache.clear()
            for y in range(40):
                view.render_line(y)
        figures["render a full screen of turns, uncached (ms)"] = (
            (time.perf_counter() - began) / 20 * 1000
        )

        # Keystroke to stored and repainted: the favourite-code key's action (store write,
        # reload of the turn rows, redraw of the screen), 30 times on successive turns.
        latencies = []
        for _ in range(30):
            view.action_cursor(1)
            began = time.perf_counter()
            screen.action_favourite(1)  # type: ignore[attr-defined]
            redraw()
            latencies.append((time.perf_counter() - began) * 1000)
        latencies.sort()
        figures["apply a code (key → stored → redrawn), median (ms)"] = latencies[
            len(latencies) // 2
        ]
        figures["apply a code (key → stored → redrawn), p95 (ms)"] = latencies[
            int(len(latencies) * 0.95) - 1
        ]
        await pilot.pause()

        began = time.perf_counter()
        screen.reload()  # type: ignore[attr-defined]
        figures["reload the transcript from the project (ms)"] = (
            time.perf_counter() - began
        ) * 1000

        await app.action_show("documents")
        began = time.perf_counter()
        await app.open_document(long_id)
        await pilot.pause()
        figures["open it again (s)"] = time.perf_counter() - began
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--words", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5, help="app launches; medians are shown")
    parser.add_argument(
        "--single", nargs=2, metavar=("PROJECT", "DOCUMENT_ID"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.single:  # one launch in this fresh interpreter, figures as JSON
        print(json.dumps(asyncio.run(measure(Path(args.single[0]), int(args.single[1])))))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.ctdb"
        began = time.perf_counter()
        long_id, turns, words = build(path, args.documents, args.words)
        print(
            f"built project: {args.documents} documents, long transcript {turns} turns / {words} words "
            f"({time.perf_counter() - began:.1f} s)"
        )
        # Each launch in a fresh interpreter, as a researcher starts the workbench: nothing
        # imported or cached by an earlier launch.
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--single", str(path), str(long_id)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.splitlines()[-1]
            )
            for _ in range(args.runs)
        ]
    print(f"  {'median of ' + str(args.runs) + ' launches (worst in brackets)':52}")
    for name in runs[0]:
        values = sorted(run[name] for run in runs)
        target = TARGETS.get(name)
        print(
            f"  {name:52} {values[len(values) // 2]:8.3f} ({values[-1]:8.3f})"
            + (f"   target {target}" if target else "")
        )


if __name__ == "__main__":
    main()
