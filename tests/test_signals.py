"""Document signals on hand-checked texts: simplified, traditional, mixed, Japanese, garbage."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit import Document, Pipeline
from normkit.errors import PluginError
from normkit.signals import Signal, SignalInput, SignalSet, signal_set
from normkit.tokens import Analysis


def sig(text: str, **kwargs: Any) -> dict[str, Any]:
    return signal_set().compute(SignalInput(text, **kwargs))


def test_simplified_counts_by_script() -> None:
    s = sig("今天下雨了，我们在家看书。\nWiFi 密码是 12345。")
    # 今天下雨了我们在家看书 (11) + 密码是 (3)
    assert s["han_chars"] == 14
    assert s["latin_chars"] == 4 and s["digit_chars"] == 5
    assert s["punct_chars"] == 3
    assert s["chars"] == 26
    assert s["han_share"] == round(14 / 26, 4)
    assert s["traditional_share"] == 0.0 and s["mixed_script"] is False
    assert s["lines"] == 2 and s["sentence_end_share"] == 1.0
    assert s["mean_line_length"] == (13 + 15) / 2


def test_han_counts_every_cjk_block() -> None:
    # CJK Ext A 㐀, Ext B 𠀀, compatibility 豈, iteration mark 々, zero 〇
    s = sig("㐀𠀀豈々〇")
    assert s["han_chars"] == 5 and s["han_share"] == 1.0


def test_traditional_and_mixed() -> None:
    trad = sig("頭髮很長，這裡的風景很美。")
    assert trad["traditional_share"] == 1.0 and trad["mixed_script"] is False
    mixed = sig("頭髮很長，这里的风景很美。")
    assert 0 < mixed["traditional_share"] < 1 and mixed["mixed_script"] is True
    # the same text through OpenCC is wholly traditional
    converted = sig(normkit.convert("这里的风景很美，头发很长。", "s2twp"))
    assert converted["traditional_share"] == 1.0


def test_japanese_is_not_chinese() -> None:
    s = sig("今日はいい天気ですね。カタカナもある。")
    assert s["kana_chars"] == 13  # はいい ですね カタカナ もある
    assert s["han_chars"] == 4  # 今日 天気
    assert s["kana_share"] > s["han_share"]


def test_lines_end_in_sentence_punctuation_before_closing_quotes() -> None:
    s = sig("他说：“走吧。”\n首页 | 新闻 | 体育\nIt ends here.\n问题？）")
    assert s["lines"] == 4 and s["sentence_end_share"] == 0.75


def test_duplicate_lines_and_repeated_ngrams() -> None:
    line = "点击这里下载最新版本的客户端软件"
    s = sig("\n".join([line, line, "其他内容完全不同的一行文字在这里", line]))
    assert s["duplicate_line_share"] == 0.5
    assert s["repeated_ngram_share"] == round(48 / 64, 4)
    assert sig("一二三四五六七八九十")["repeated_ngram_share"] == 0.0


def test_repeated_ngrams_ignore_whitespace_and_short_texts() -> None:
    assert sig("短")["repeated_ngram_share"] == 0.0
    text = "abcdefghij abcdefghij"
    assert sig(text)["repeated_ngram_share"] == 1.0


def test_garbage_counts() -> None:
    s = sig("锟斤拷锟斤拷 烫烫烫烫 屯屯屯 \ufffd\ufffd \ue000\U000f0001 □ ┌─┐ 鍙戝竷浜庯細2020锛氭槸銆 cafÃ©")
    assert s["garbled"] == 4
    assert s["replacement_chars"] == 2
    assert s["private_use_chars"] == 2
    assert s["box_chars"] == 4
    assert s["mojibake_left"] == 3
    assert s["garbage"] == 4 + 2 + 2 + 4 + 3


def test_garbage_traps_ordinary_text() -> None:
    s = sig("他的脸烫烫的。屯田制度。■ 重点：价格 3,000 元。café naïve “引号”——破折号…")
    assert s["garbage"] == 0


def test_empty_text() -> None:
    s = sig("")
    assert s["chars"] == 0 and s["han_share"] == 0.0 and s["lines"] == 0
    assert s["sentence_end_share"] == 0.0 and s["repeated_ngram_share"] == 0.0


def test_signal_types_are_as_declared() -> None:
    values = sig("混合 text 123。")
    python_type = {"bool": bool, "int": int, "float": float, "counts": dict}
    for signal in signal_set().signals:
        assert type(values[signal.name]) is python_type[signal.type], signal.name


def test_what_the_chain_did() -> None:
    text = "首页 | 新闻 | 体育\n\n正文第一段，内容很长很长很长很长。\n\n版权所有 © 2024 某某公司\n"
    result = Pipeline().process(Document(text))
    a = result.annotations
    assert a["lines_dropped"] == len(result.dropped) > 0
    assert sum(a["dropped_by"].values()) == a["lines_dropped"]
    assert set(a["repairs"]) <= set(Pipeline().names)
    assert a["spam"] is False and a["spam_score"] == 0.0


def test_spam_and_pii_read_from_annotations() -> None:
    s = sig("正文", annotations={"spam": True, "spam_score": 0.75, "pii_by": {"PHONE": 2, "EMAIL": 1}})
    assert s["spam"] is True and s["spam_score"] == 0.75
    assert s["pii"] == 3 and s["pii_by"] == {"PHONE": 2, "EMAIL": 1}
    assert sig("正文", annotations={"spam": True})["spam_score"] == 1.0


def test_normaliser_annotations_win_and_signals_are_optional() -> None:
    pipe = Pipeline(steps=["layout.whitespace"])
    assert pipe.process(Document("好"), signals=False).annotations == {}
    assert pipe.process(Document("好")).annotations["han_chars"] == 1


def test_shared_analysis_is_used_when_the_text_matches() -> None:
    analysis = Analysis("好")
    assert SignalInput("好", given_analysis=analysis).analysis is analysis
    assert SignalInput("坏", given_analysis=analysis).analysis is not analysis


def test_a_signal_set_refuses_a_name_twice() -> None:
    s = Signal("x", "int", "x", lambda d: 1)
    with pytest.raises(PluginError, match="twice"):
        SignalSet.of([s, s])


def test_plugin_signal_through_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    import pluggy

    from normkit import _registry, hookimpl

    class Plugin:
        @staticmethod
        @hookimpl
        def normkit_register_signals(register: Any) -> None:
            register(Signal("exclamations", "int", "！ marks", lambda d: d.text.count("！")))

    registry = _registry.build_registry(load_entry_points=False)
    registry.manager.register(Plugin(), name="excl")
    signals = signal_set(registry)
    assert signals.names[-1] == "exclamations"
    pipe = Pipeline(steps=["layout.whitespace"], registry=registry)
    assert pipe.process(Document("好！好！")).annotations["exclamations"] == 2
    assert isinstance(pluggy.__version__, str)


def test_plugin_bad_signal_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from normkit import _registry, hookimpl

    class Plugin:
        @staticmethod
        @hookimpl
        def normkit_register_signals(register: Any) -> None:
            register(Signal("Bad Name", "int", "x", lambda d: 1))

    registry = _registry.build_registry(load_entry_points=False)
    registry.manager.register(Plugin(), name="badsig")
    with pytest.raises(PluginError, match=r"badsig.*Bad Name"):
        signal_set(registry)


def naive_repeated_ngram_share(text: str, n: int) -> float:
    chars = [c for c in text if c not in " \t\n\r\x0b\x0c\u3000\u00a0\u2003"]
    grams = ["".join(chars[i : i + n]) for i in range(len(chars) - n + 1)]
    seen: dict[str, int] = {}
    for g in grams:
        seen[g] = seen.get(g, 0) + 1
    covered = set()
    for i, g in enumerate(grams):
        if seen[g] > 1:
            covered.update(range(i, i + n))
    return round(len(covered) / len(chars), 4) if len(chars) > n else 0.0


@given(st.lists(st.sampled_from(["点击下载", "ab", "好", " ", "\n", "最新版本的客户端", "。"]), max_size=40))
def test_repeated_ngram_share_is_exact(parts: list[str]) -> None:
    from normkit.signals.text import NGRAM

    text = "".join(parts)
    assert sig(text)["repeated_ngram_share"] == naive_repeated_ngram_share(text, NGRAM)


@given(st.lists(st.integers(0, 40), max_size=300))
def test_repeated_finds_exactly_the_values_seen_twice(values: list[int]) -> None:
    import numpy as np

    from normkit.signals.text import repeated

    hashes = np.array(values, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # low bits alike too
    twice = {v for v in values if values.count(v) > 1}
    assert sorted(repeated(hashes).tolist()) == [i for i, v in enumerate(values) if v in twice]


@given(
    st.lists(
        st.sampled_from(["哈", "哈哈哈哈", "！！！！", "😂😂😂😂", "——————", "    ", "aaaa", "1111", "～"]),
        max_size=12,
    )
)
def test_floods_signal_is_the_pattern_s_count(parts: list[str]) -> None:
    from normkit.normalisers.floods import count_floods

    text = "".join(parts)
    assert sig(text)["floods"] == count_floods(text)


@given(st.text(max_size=200))
def test_signals_are_total_and_typed_on_any_text(text: str) -> None:
    values = sig(text)
    assert 0.0 <= values["han_share"] <= 1.0 and 0.0 <= values["repeated_ngram_share"] <= 1.0
    assert values["chars"] <= len(text) and values["garbage"] >= 0


def test_repeated_ngram_share_is_exact_on_a_long_text() -> None:
    """The table of windows is read a quarter at a time (bounded memory): a long text of
    repeated and unique stretches gets the plain count."""
    import random

    from normkit.signals.text import NGRAM

    rng = random.Random(3)
    pool = ["点击下载", "最新版本的客户端", "。", "\n", " ", "第{}行，"]
    text = "".join(rng.choice(pool).format(rng.randrange(5000)) for _ in range(6000))
    assert sig(text)["repeated_ngram_share"] == naive_repeated_ngram_share(text, NGRAM)
