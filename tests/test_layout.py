"""``layout.whitespace``: a document's ending is its own; clean records stay unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import normkit
from normkit.normalisers.layout import Whitespace
from test_cli_support import normkit_in_process as run_normkit

#: Clean texts as records hold them: most without a final newline, some with one.
CLEAN_TEXTS = [
    "今天天气很好，我们去公园散步。",
    "第一段文字，内容完整。\n\n第二段文字，也很完整。",
    "标题\n正文第一句。正文第二句。\n",
    "他说：“你好！”然后离开了。",
    "價格為 3,000 元，時間 9:40:36。",
    "Hello, world! 这是一个混合的句子。",
    "安装方法：运行 `pip install normkit` 即可。",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_a_clean_record_is_unchanged(text: str) -> None:
    assert Whitespace()(text) == text
    assert normkit.clean(text) == text
    assert normkit.clean(text, profile="minimal") == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("正文。", "正文。"),
        ("正文。\n", "正文。\n"),
        ("正文。  \n\n\n", "正文。\n"),
        ("正文。\n  ", "正文。\n"),
        ("正文。 \t", "正文。"),
        ("\n\n正文。", "正文。"),
        ("\n\n\n", ""),
    ],
)
def test_the_ending_is_kept_and_tidied(text: str, expected: str) -> None:
    assert Whitespace()(text) == expected


def test_final_newline_option_adds_one() -> None:
    step = Whitespace(final_newline=True)
    assert step("正文。") == "正文。\n"
    assert step("正文。\n\n") == "正文。\n"
    assert step("") == ""


@pytest.mark.parametrize("profile", ["default", "minimal"])
def test_check_passes_on_clean_jsonl(tmp_path: Path, profile: str) -> None:
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(CLEAN_TEXTS)]
    (tmp_path / "clean.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_normkit(
        "clean", "clean.jsonl", "--check", "--profile", profile, "--stats-json", "stats.json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["documents"]["changed"] == 0
    assert stats["documents"]["read"] == len(CLEAN_TEXTS)
