"""出题助手: draft a weighted question set for the review panel, edit it as text, export it for print."""

from .draft import draft_set
from .export import FORMATS, default_stem, export
from .model import DraftQuestion, QuestionSet, full_marks
from .service import Drafting
from .textform import parse_markdown, to_markdown

__all__ = ["FORMATS", "DraftQuestion", "Drafting", "QuestionSet", "default_stem", "draft_set", "export",
           "full_marks", "parse_markdown", "to_markdown"]
