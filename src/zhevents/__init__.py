"""zhevents: Chinese-language news pages to an attributed, deduplicated PLOVER event dataset."""

__version__ = "0.1.0"
