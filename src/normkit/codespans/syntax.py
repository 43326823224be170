"""The pieces of program syntax the code detectors share: Han characters, string
literals and comments (to look for Han outside them), the text between tags.

>>> outside_strings("print('你好')  # 问候")
"print('')  "
"""

from __future__ import annotations

import re

__all__ = ["COMMENT", "HAN", "HAS_HAN", "TAG_TEXT", "outside_strings"]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
HAS_HAN = re.compile(f"[{HAN}]")

# String literals and comments, removed before looking for Han outside them.
_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`\n]*`""")
COMMENT = re.compile(r"(?:^|(?<=\s))(?:#|//|--(?=\s))[^\n]*|/\*[^\n]{0,400}?\*/|<!--[^\n]{0,400}?-->")


def outside_strings(line: str) -> str:
    """``line`` with its string literals emptied and its comments removed.

    >>> outside_strings('x = "中" // 注释')
    "x = '' "
    """
    return COMMENT.sub("", _STRING.sub("''", line))


#: The text between two tags on a line.
TAG_TEXT = re.compile(r">[^<>\n]*<")
