"""normkit: clean web text for NLP and LLM corpora, correctly for Chinese.

>>> import normkit
>>> normkit.clean("  第一行\\u200b\\u3000\\n\\n\\n第二行  ")
'第一行\\n\\n第二行\\n'
"""

__version__ = "0.1.0"

from ._chain import PROFILES, ChainConfig
from ._context import Context, DroppedLine
from ._document import Change, Document, Result
from ._normaliser import ALL_PROFILES, SAFE_PROFILES, LineFilter, Normaliser, Register
from ._options import NoOptions
from ._pipeline import Pipeline, StepFailed, clean
from ._registry import get_registry, reset_registry
from ._stage import Stage
from ._stats import Stats, StepStats
from .errors import ChainError, ConfigError, NormkitError, OptionError, PluginError
from .hookspecs import hookimpl
from .script import convert

__all__ = [
    "ALL_PROFILES",
    "PROFILES",
    "SAFE_PROFILES",
    "ChainConfig",
    "ChainError",
    "Change",
    "ConfigError",
    "Context",
    "Document",
    "DroppedLine",
    "LineFilter",
    "NoOptions",
    "Normaliser",
    "NormkitError",
    "OptionError",
    "Pipeline",
    "PluginError",
    "Register",
    "Result",
    "Stage",
    "Stats",
    "StepFailed",
    "StepStats",
    "__version__",
    "clean",
    "convert",
    "get_registry",
    "hookimpl",
    "reset_registry",
]
