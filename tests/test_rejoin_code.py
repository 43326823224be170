"""``lines.rejoin`` keeps the lines of program code: neither half of a join is a line of
code (:attr:`normkit.tokens.Analysis.code_lines`), while prose cut mid-sentence on the
same page, right next to a code block, is still joined.

The code blocks are written in the way Chinese technical docs write them (docstring
fields that go on over a second line, a trailing comment that goes on over the next line,
compact JSON wrapped after a comma); the prose is text written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit.normalisers.lines import Rejoin, Verdicts
from normkit.tokens import Analysis

PYTHON = '''```python
import jieba

def cut(text, hmm=True):
    """对输入的句子进行分词。该函数会先加载词典，然后按照最大概率路径切分，
    返回一个生成器，每次产生一个词语。
    :param text: 需要分词的文本。可以是简体或繁体中文，也可以包含英文单词和数字，
    数字和英文会作为一个整体保留下来。
    :return: 分词结果的生成器
    """
    return jieba.cut(text, HMM=hmm)
```'''

SHELL = """```bash
pip install jieba -i https://pypi.tuna.tsinghua.edu.cn/simple  # 安装分词库。国内用户可以使用清华大学的镜像源，速度更快，如果仍然很慢
可以换成阿里云或者豆瓣的镜像源，用法相同。
python -m jieba --help
```"""

#: Compact JSON (``json.dumps`` with ``separators``) wraps a list of token ids after a comma.
JSON = """```json
{
  "text": "今天天气很好。我们一起去公园散步，顺便买些水果，然后回家做饭",
  "input_ids": [101,791,1921,1921,3698,2523,1962,511,2769,812,
  671,6629,1343,1062,1736,3141,6956,8024,7556,912,102],
  "label": 1
}
```"""

#: Text that runs over lines inside code whatever it holds: a here-document, a comment in
#: ``/* */`` before a function, a commit message left open over two lines.
HEREDOC = """```bash
cat > README.txt <<EOF
本项目用于中文文本的清洗与规范化，支持繁简转换、全半角统一以及常见的网页残留标记去除，欢迎大家
试用并提出宝贵意见，有问题请在项目主页提交反馈。
EOF
```"""

COMMENT = """```c
/*
本函数读取配置文件并初始化全局状态，如果文件不存在则使用默认配置，同时在日志中记录一条警告信息，
调用者无需另外处理，返回值为零表示成功。
*/
int init(void) {
    return 0;
}
```"""

COMMIT = """```bash
git add -A
git commit -m "修复分词时繁体字符被错误切分的问题，同时更新了词典文件，
并补充了对应的单元测试，以便今后回归测试时使用"
```"""

BLOCKS = {
    "python": PYTHON,
    "shell": SHELL,
    "json": JSON,
    "heredoc": HEREDOC,
    "comment": COMMENT,
    "commit": COMMIT,
}

#: Prose cut in the middle of a sentence (a hard wrap), and the line it makes joined.
CUT = "分词是中文处理的第一步。本库提供了精确模式、全模式和搜索引擎模式，用户可以根据\n需要选择合适的模式，默认使用精确模式。"
JOINED = CUT.replace("\n", "")
INTRO = "下面的示例展示了基本用法。请先安装依赖，然后运行以下代码："
OUTRO = "运行以上代码即可得到结果。"


def page(block: str, before: str = INTRO, after: str = OUTRO) -> str:
    return f"{before}\n\n{block}\n\n{after}\n"


def bare(block: str) -> str:
    """The block as a web page's text extraction gives it: no fences."""
    return "\n".join(block.split("\n")[1:-1])


#: Every block, fenced (a README) and bare (an extracted web page).
ALL = {**BLOCKS, **{f"{name}-bare": bare(block) for name, block in BLOCKS.items()}}


@pytest.mark.parametrize("name", sorted(ALL))
def test_code_lines_are_never_joined(name: str) -> None:
    text = page(ALL[name])
    assert Rejoin()(text) == text


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_blocks_hold_lines_cut_as_prose_is(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the blocks prose, the step would join some of their lines (so the test above
    can fail), and each join would take in a line of code."""
    text = page(ALL[name])
    monkeypatch.setattr(Verdicts, "code", lambda self, offset: False)
    joined = Rejoin()(text)
    assert joined != text
    lost = set(text.split("\n")) - set(joined.split("\n"))
    code = {line for i, line in enumerate(text.split("\n")) if i in Analysis(text).code_lines}
    assert lost & code


@pytest.mark.parametrize("name", sorted(ALL))
def test_default_chain_keeps_the_block_line_for_line(name: str) -> None:
    block = ALL[name]
    out = normkit.Pipeline.from_profile("default").clean(page(block))
    for line in block.split("\n"):
        assert line.rstrip() in out.split("\n")


@pytest.mark.parametrize("name", sorted(ALL))
def test_traditional_code_is_kept_too(name: str) -> None:
    text = normkit.convert(page(ALL[name]), "s2twp")
    assert Rejoin()(text) == text


def test_prose_on_a_page_without_code_is_joined() -> None:
    text = f"{INTRO}\n\n{CUT}\n\n{OUTRO}\n"
    assert Rejoin()(text) == f"{INTRO}\n\n{JOINED}\n\n{OUTRO}\n"
    tw = normkit.convert(text, "s2twp")
    assert Rejoin()(tw) == normkit.convert(f"{INTRO}\n\n{JOINED}\n\n{OUTRO}\n", "s2twp")


@pytest.mark.parametrize("name", sorted(ALL))
def test_prose_right_next_to_code_is_still_joined(name: str) -> None:
    block = ALL[name]
    # Just before the block (no blank line) and just after it.
    before = Rejoin()(f"{CUT}\n{block}\n{OUTRO}\n")
    assert before == f"{JOINED}\n{block}\n{OUTRO}\n"
    after = Rejoin()(f"{INTRO}\n{block}\n{CUT}\n")
    assert after == f"{INTRO}\n{block}\n{JOINED}\n"


def test_a_code_line_is_not_joined_to_the_prose_after_it() -> None:
    # The last line of a block ends unfinished (a comment in Chinese), prose follows.
    text = (
        "安装完成后，在终端中运行下面的命令。命令执行完成后，会打印出当前的版本号：\n"
        "python -m jieba --version  # 查看版本。输出的版本号应当与安装的版本一致，否则\n"
        "需要重新安装，并且检查环境变量是否设置正确，以及是否使用了虚拟环境。\n"
    )
    analysis = Analysis(text)
    assert 1 in analysis.code_lines and 2 not in analysis.code_lines
    assert Rejoin()(text) == text


def test_verdicts_code() -> None:
    text = page(PYTHON)
    verdicts = Verdicts(text)
    lines = text.split("\n")
    first_code = lines.index("import jieba")
    assert not verdicts.code(0)
    assert verdicts.code(sum(len(line) + 1 for line in lines[:first_code]))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(ALL)), st.sampled_from(["", "\n"]), st.booleans())
def test_blocks_between_prose_stay_and_the_step_is_idempotent(name: str, gap: str, cut_first: bool) -> None:
    block = ALL[name]
    text = f"{CUT}\n{gap}{block}\n{gap}{OUTRO}\n" if cut_first else f"{INTRO}\n{gap}{block}\n{gap}{CUT}\n"
    out = Rejoin()(text)
    assert block in out
    assert JOINED in out
    assert Rejoin()(out) == out
