"""marsad (مرصد): Arabic news in, coded international events out, each with its evidence."""

from marsad._native import choose as _choose_native

_choose_native()  # before any compiled module is imported: compiled, or their Python source

from marsad.doc import Doc, Event, Mention, Sentence, Story  # noqa: E402
from marsad.pipeline import Pipeline, default_pipeline  # noqa: E402

__all__ = ["Doc", "Event", "Mention", "Pipeline", "Sentence", "Story", "default_pipeline"]
__version__ = "0.1.0"
