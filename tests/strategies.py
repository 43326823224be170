"""Hypothesis strategies for text that looks like what normkit sees."""

from __future__ import annotations

from hypothesis import strategies as st

CJK_SAMPLE = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车点光"
TRADITIONAL_SAMPLE = (
    "這個區們說來時會經對發學國與後從體當麼還實業點開長現問關頭應戰]裡邊機樣將資愛歲聽義書東車"
)
PUNCT = "，。、；：！？“”‘’（）《》【】……——·,.;:!?()\"'-|/<>&"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éüñ"

#: Realistic Chinese-web-like text: Han, punctuation of both widths, Latin, digits, lines.
chinese_web_text = st.text(
    alphabet=st.sampled_from(CJK_SAMPLE + TRADITIONAL_SAMPLE + PUNCT + LATIN + "\n\n\t \u3000\u00a0"),
    max_size=300,
)
#: Anything at all, including surrogates, controls and astral characters.
any_text = st.text(max_size=200) | st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=100
)
texts = chinese_web_text | any_text


def in_contexts(case: str) -> tuple[str, ...]:
    """``case`` alone, after and before a line, glued after Han, and in traditional
    characters: where a search rewritten to skip ahead must still find what it found.

    >>> len(in_contexts("a: 1"))
    5
    """
    import normkit

    return (case, "前文\n" + case, case + "\n后文", "前文" + case, normkit.convert(case, "s2twp"))
