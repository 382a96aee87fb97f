"""The coding screen's suggestions: loading the model, accepting, rejecting, retraining.

A mixin of :class:`~coder.tui.screens.coding.CodingScreen`, kept apart so the screen
stays readable. The suggester (pipeline + stored model) is made once in a thread
worker and kept; each document is scored once, in a worker, and cached. What is
shown per turn is filtered afresh after every change (accepting, rejecting, undo),
which is cheap; the cache is dropped when a new model is trained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import Worker, get_current_worker

from coder.errors import CoderError
from coder.nlp.helper import HELPER_MIN_TURNS
from coder.store import NewCoding
from coder.store.codings import WITH_SUGGESTIONS
from coder.suggest.open_rule import asks_first, suggestion_floor
from coder.tui.i18n import t
from coder.tui.suggesting import CODING, Entry, turn_entries
from coder.tui.widgets.suggestions import SuggestionsPanel

if TYPE_CHECKING:
    from coder.store import Project
    from coder.suggest.evaluation import EvaluationReport
    from coder.suggest.suggestions import Suggester, UnitSuggestions
    from coder.suggest.units import Unit
    from coder.tui.app import CodeertafelApp
    from coder.tui.model import TurnRow
    from coder.tui.widgets.transcript import TranscriptView


class SuggestionsMixin:
    """Suggestions for the turn under the cursor (keys a, r, u) and model training."""

    suggest_delay = 0.3  # seconds between painting a transcript and starting its suggestions
    # Transcripts with at least this many turns are analysed in a helper process (0: never).
    helper_turns = HELPER_MIN_TURNS

    if TYPE_CHECKING:
        document_id: int | None
        rows: list[TurnRow]
        project: Project
        codeertafel: CodeertafelApp
        workers: Any

        @property
        def transcript(self) -> TranscriptView: ...

        def query_one(self, *args: Any, **kwargs: Any) -> Any: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...

    _suggester: Suggester | None = None
    _suggested: dict[int, list[UnitSuggestions]]
    _suggest_error: str | None = None
    _rejections: list = []
    _loading: int | None = None  # the document being scored now
    _reading: tuple[int, str] | None = None  # its latest progress line (document, text)
    _weak_confirmed: Entry | None = None  # a weak suggestion asked once: the next ask codes it

    def init_suggestions(self) -> None:
        self._weak_confirmed = None
        self._suggester = None
        self._suggested = {}
        self._loading = None
        self._reading = None
        self._suggest_error = None
        self._rejections = []

    @property
    def suggestions(self) -> SuggestionsPanel:
        return self.query_one(SuggestionsPanel)

    # -- showing ------------------------------------------------------------------------------

    def reload_suggestions(self) -> None:
        """After any change: refresh what the panel shows, retrain when it is time."""
        self._rejections = (
            self.project.rejections(document_id=self.document_id)
            if self.document_id is not None
            else []
        )
        self.show_suggestions()
        self.maybe_retrain()

    def show_suggestions(self) -> None:
        row = self.transcript.current
        if self.document_id is None or row is None:
            self.suggestions.show([], t("suggestions.no_turn"))
            return
        if self._suggest_error is not None:
            self.suggestions.show([], t("suggestions.unavailable", error=self._suggest_error))
            return
        suggested = self._suggested.get(self.document_id)
        if suggested is None:
            reading = self._reading
            status = reading[1] if reading and reading[0] == self.document_id else ""
            self.suggestions.show(self._entries(row, None), status or t("suggestions.loading"))
            if self._loading != self.document_id:  # not again for every turn while it loads
                self._loading = self.document_id
                # Start after the transcript is painted: loading the pipeline in a thread
                # holds the interpreter for a moment, and the text should come first.
                document_id = self.document_id
                if self.suggest_delay > 0:
                    self.set_timer(  # type: ignore[attr-defined]
                        self.suggest_delay, lambda: self.compute_suggestions(document_id)
                    )
                else:
                    self.compute_suggestions(document_id)
            return
        entries = self._entries(row, suggested)
        status = self._model_status() if entries else t("suggestions.none")
        self.suggestions.show(entries, status)

    def _entries(self, row: TurnRow, suggested: list[UnitSuggestions] | None) -> list[Entry]:
        assert self.document_id is not None
        codes = {code.id: code for code in self.project.codes()}
        return turn_entries(
            row,
            self.document_id,
            suggested,
            # any coding, the model's pending ones included (as coder suggest counts them)
            self.project.codings(document_id=self.document_id, status=WITH_SUGGESTIONS),
            self._rejections,
            codes,
            self.project.code_paths(),
            floor=suggestion_floor(self.project),
        )

    def _model_status(self) -> str:
        model = self._suggester.model if self._suggester else None
        if model is None:
            return t("suggestions.no_model")
        return t("suggestions.model", date=str(model.meta.get("trained", ""))[:10])

    @work(thread=True, exclusive=True, exit_on_error=False, group="suggest", description="suggest")
    def compute_suggestions(self, document_id: int) -> None:
        suggester = self._ensure_suggester()
        self._analyse_aside(suggester, document_id)
        if get_current_worker().is_cancelled:
            return
        worker = get_current_worker()

        def reading(done: int, total: int, _label: str = "") -> None:
            self.codeertafel.call_from_thread(self._loading_progress, document_id, done, total)

        units = suggester.units(
            document_id, cancelled=lambda: worker.is_cancelled, progress=reading
        )
        if worker.is_cancelled:
            return
        suggested = suggester.suggest_units(units, top=3, explain=True)
        self.codeertafel.call_from_thread(self._suggestions_ready, document_id, suggested)

    def _analyse_aside(self, suggester: Suggester, document_id: int) -> None:
        """A long transcript not analysed yet is analysed in a helper process, so the
        workbench does not stutter meanwhile (on trouble it is analysed here)."""
        from coder.nlp.helper import analyse_aside

        analyse_aside(
            self.codeertafel.analysis_helper,
            self.project,
            [document_id],
            suggester.nlp,
            "features",
            min_turns=self.helper_turns,
        )

    def _ensure_suggester(self) -> Suggester:
        """The suggester, made on first use (in a worker: it loads the pipeline and model)."""
        if self._suggester is None:
            try:
                self._suggester = self.codeertafel.collaborators.suggester(self.project)
            except Exception as error:
                from coder.suggest.persist import UntrustedModelError

                if isinstance(error, UntrustedModelError):
                    # the core's line names the command line; here the palette does it
                    error = CoderError(t("suggestions.untrusted"))
                self.codeertafel.call_from_thread(self._suggestions_failed, str(error))
                raise error from None
        return self._suggester

    def _loading_progress(self, document_id: int, done: int, total: int) -> None:
        """How far encoding the turns of the document being loaded has come (the first
        time a transcript's suggestions are made, that is most of the wait)."""
        self._reading = (document_id, t("suggestions.loading_meaning", done=done, total=total))
        if (
            document_id == self.document_id
            and self._suggested.get(document_id) is None
            and self._suggest_error is None
        ):
            self.suggestions.set_status(self._reading[1])

    def _suggestions_failed(self, error: str) -> None:
        self._suggest_error = error
        self.show_suggestions()

    def _suggestions_ready(self, document_id: int, suggested: list[UnitSuggestions]) -> None:
        self._suggested[document_id] = suggested
        if document_id == self.document_id:
            self.show_suggestions()

    # -- accepting and rejecting ----------------------------------------------------------------

    def action_accept_suggestion(self) -> None:
        entry = self.suggestions.chosen
        if entry is None or self.document_id is None:
            self.notify(t("suggestions.nothing"), severity="warning")
            return
        if asks_first(entry.kind, entry.score, entry.above_threshold) and (
            self._weak_confirmed != entry
        ):
            # a guess more often wrong than right is coded only when asked twice
            self._weak_confirmed = entry
            self.notify(
                t("suggestions.confirm_weak", code=entry.name, score=f"{entry.score or 0:.0%}"),
                severity="warning",
            )
            return
        self._weak_confirmed = None
        done: object
        if entry.kind == CODING and entry.coding_id is not None:
            done = self.codeertafel.act(self.project.accept_codings, [entry.coding_id])
        else:
            new = NewCoding(self.document_id, entry.start, entry.end, entry.code_id, "human")
            done = self.codeertafel.act(
                self.project.add_codings, [new], description=f"accept suggestion '{entry.name}'"
            )
        if done is not None:
            self.notify(t("suggestions.accepted", code=entry.name))

    def action_reject_suggestion(self) -> None:
        entry = self.suggestions.chosen
        if entry is None or self.document_id is None:
            self.notify(t("suggestions.nothing"), severity="warning")
            return
        start, end = entry.start, entry.end
        if entry.kind == CODING and entry.coding_id is not None:
            coding = self.project.coding(entry.coding_id)
            start, end = coding.start, coding.end  # the exact span: the coding goes too
        done = self.codeertafel.act(
            self.project.reject_suggestion, self.document_id, start, end, entry.code_id
        )
        if done is not None:
            self.notify(t("suggestions.rejected", code=entry.name))

    # -- code these next ------------------------------------------------------------------------

    def action_next_uncertain(self) -> None:
        row = self.transcript.current
        if self.document_id is None or row is None:
            return
        coded = {r.index for r in self.rows if r.coded} | {row.index}
        self.find_uncertain(self.document_id, coded)

    @work(thread=True, exclusive=True, exit_on_error=False, group="uncertain")
    def find_uncertain(self, document_id: int, skip: set[int]) -> None:
        """The most uncertain uncoded turn: in this document, else in the whole project."""
        suggester = self._ensure_suggester()
        if suggester.model is None:
            self.codeertafel.call_from_thread(self._uncertain_found, None)
            return
        ranked = suggester.most_uncertain(document_ids=[document_id], limit=100)
        for unit, _ in ranked:
            if unit.segment_index not in skip:  # the current turn, or coded by a person
                self.codeertafel.call_from_thread(self._uncertain_found, (document_id, unit))
                return
        for unit, _ in suggester.most_uncertain(limit=20):
            if unit.document_id != document_id:
                self.codeertafel.call_from_thread(self._uncertain_found, (document_id, unit))
                return
        self.codeertafel.call_from_thread(self._uncertain_found, (document_id, None))

    def _uncertain_found(self, found: tuple[int, Unit | None] | None) -> None:
        if found is None:
            self.notify(t("suggestions.train_first"), severity="warning")
            return
        asked_in, unit = found
        if asked_in != self.document_id:
            return  # the user moved on meanwhile
        if unit is None:
            self.notify(t("suggestions.no_uncertain"), severity="warning")
        elif unit.document_id == self.document_id:
            self.transcript.go_to_turn(unit.segment_index)
        else:
            self.codeertafel.call_later(
                self.codeertafel.open_document, unit.document_id, unit.segment_index
            )

    # -- training -------------------------------------------------------------------------------

    @property
    def training_now(self) -> bool:
        return any(w.group == "train" and not w.is_finished for w in self.workers)

    def maybe_retrain(self) -> None:
        """Retrain in the background when enough was coded since the model was trained."""
        if self._suggester is None or self.training_now:
            return
        from coder.suggest.schedule import should_retrain  # light: this runs on the UI thread

        if should_retrain(self.project, self._suggester.model):
            self.start_training(announce=False)

    def start_training(self, announce: bool = True) -> None:
        if self.training_now:
            self.notify(t("training.already"), severity="warning")
            return
        self.suggestions.training(0, None)
        self.run_training(announce)

    def cancel_training(self) -> None:
        if self.training_now:
            self.workers.cancel_group(self, "train")
        else:
            self.notify(t("training.none"), severity="warning")

    def _training_progress(self, done: int, total: int, label: str) -> None:
        """Progress of training or auto-tagging (called from the worker thread)."""
        self.codeertafel.call_from_thread(self.suggestions.training, done, total, label)

    @work(thread=True, exclusive=True, exit_on_error=False, group="train", description="train")
    def run_training(self, announce: bool) -> None:
        from coder.suggest.model import train_model

        worker = get_current_worker()
        try:
            model, report = train_model(
                self.project,
                progress=self._training_progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except InterruptedError:
            self.codeertafel.call_from_thread(
                self.notify, t("training.cancelled"), severity="warning"
            )
            return
        nlp = self._suggester.nlp if self._suggester is not None else None
        suggester = self.codeertafel.collaborators.suggester(self.project, nlp=nlp, model=model)
        self.codeertafel.call_from_thread(self._trained, suggester, report, announce)

    def _trained(
        self, suggester: Suggester, report: EvaluationReport | None, announce: bool
    ) -> None:
        self._suggester = suggester
        self._suggest_error = None
        self._suggested.clear()
        self.show_suggestions()
        if report is not None:
            # The score in words: of every 10 suggestions about so many are right, ...
            micro = report.micro
            self.notify(
                t(
                    "training.done",
                    right=round(micro.precision * 10),
                    found=round(micro.recall * 10),
                    f1=f"{micro.f1:.2f}",
                    documents=report.documents,
                ),
                timeout=12,
            )
        elif announce:
            self.notify(t("training.done_unevaluated"))

    def start_autotag(self) -> None:
        """Tag the uncoded turns of all documents without human coding (as `coder autotag`)."""
        self.suggestions.training(0, None)
        self.run_autotag()

    @work(thread=True, exclusive=True, exit_on_error=False, group="train", description="autotag")
    def run_autotag(self) -> None:
        from coder.errors import CoderError
        from coder.suggest.autotag import autotag

        worker = get_current_worker()
        try:
            suggester = self._suggester or self.codeertafel.collaborators.suggester(self.project)
            result = autotag(
                self.project,
                suggester=suggester,
                progress=self._training_progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except CoderError as error:
            self.codeertafel.call_from_thread(self.notify, str(error), severity="error")
            return
        self.codeertafel.call_from_thread(
            self._autotagged, result.codings, result.documents, len(result.unreliable)
        )

    def _autotagged(self, codings: int, documents: int, unreliable: int) -> None:
        self._suggested.clear()
        self.codeertafel.changed()
        message = t("autotag.done", codings=codings, documents=documents)
        if unreliable:
            message += t("autotag.unreliable", count=unreliable)
        self.notify(message)

    def worker_finished(self, worker: Worker) -> None:
        if worker.group == "suggest":
            self._loading = None
            self._reading = None
        if worker.group == "train":
            self.suggestions.training(None, None)
