"""Code recognised by syntax (``normkit.codespans``) and kept by every in-line step."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import normkit
from normkit.codespans import code_blocks, code_spans
from normkit.tokens import Analysis
from strategies import texts

CODE_TEXT = st.lists(
    st.sampled_from(
        [
            *"的是中文，。：“”（）abcxyz_=(){}[];:,.'\"#/<> \n\t0123",
            *["print(", "def ", "import ", "&lt;", "tool ", " --opt", " <name>", " a/b.py", " \\\n", "# "],
            *["2024-05-01 10:20:30,123", "+--+--+", "a=1, b=2"],
            # output told by code: echoes, printed floats, indexed rows, subcommands
            *[
                "print('结果,如下>>>')",
                "结果,如下>>>",
                "结果，如下>>>",
                "0.153846",
                "  0 ",
                "12 a-",
                "nb install",
                # rows a loop printed, here-documents, comments in /* */, open strings
                "[1] 值: 0.5",
                "2001: 0.5",
                "cat <<EOF",
                "EOF",
                "/*",
                "*/",
                'git commit -m "',
                "POST /a",
            ],
        ]
    ),
    max_size=80,
).map("".join)
#: The in-line steps (line filters, which drop whole lines, left out).
INLINE = normkit.Pipeline.from_profile("default", disable=["boilerplate.lines", "spam.tails"])


# Blocks written for these tests, one per language, each with Chinese in its strings or
# comments and prose around it.
BLOCKS = {
    "python": "def greet(name):\n    # 打招呼，然后返回\n    print('你好,' + name + '!')\n    return {'结果': name}",
    "javascript": "const msg = '你好,世界';\nfunction show(x) {\n  console.log(\"提示: \" + x);\n}",
    "c": '#include <stdio.h>\nint main(void) {\n    printf("你好,世界!\\n");\n    return 0;\n}',
    "sql": "SELECT name, age FROM users WHERE city = '北京' AND age > 18;",
    "shell": "$ pip install jieba\n$ python demo.py --text '你好,世界'",
    "javascript-html": "const html = '<p>你好,世界</p>';\ndocument.body.innerHTML = html;",
    "json": '{\n    "名称": "测试",\n    "标签": ["甲", "乙"],\n    "数量": 3\n}',
    "repl": ">>> import jieba\n>>> jieba.lcut('我来到北京')\n['我', '来到', '北京']",
    # Program output laid out in columns (help text whose descriptions go on below their
    # column, a table of results, tab-separated parameters), help text, members with
    # comments, markup and configuration nested by indentation.
    "help": (
        "Usage: tool convert [OPTIONS]\n"
        "Options:\n"
        "  -i, --input TEXT      输入文件,每行一条\n"
        "                        默认:stdin\n"
        "  -n, --limit INTEGER   最多处理的条数\n"
        "  -h, --help            显示帮助,然后退出"
    ),
    "table": "       城市    人口   面积\n0      北京  2189.3  16410\n1      上海  2487.1   6340",
    "argparse": (
        "usage: tool [-h] --input FILE\n"
        "optional arguments:\n"
        "  -h, --help     显示帮助,然后退出\n"
        "  --input FILE\n"
        "                 输入文件,每行一条\n"
        "  --limit N\n"
        "                 最多处理的条数"
    ),
    "tabs": "\tpath\t\t文件路径,必填\n\tlimit\t\t最多条数,默认100\n\t\t\t0 表示不限",
    "manual": (
        "NAME\n    tool - convert text\nSYNOPSIS\n    tool COMMAND\nCOMMANDS\n"
        "    COMMAND is one of the following:\n     convert\n       Convert the files"
    ),
    "described": (
        "Usage: tool convert [OPTIONS]\n  转换文件,然后保存\nOptions:\n  -h, --help     显示帮助\n  -v, --version  显示版本"
    ),
    "yaml": "server:\n  host: 0.0.0.0\n  port: 8080\n  paths:\n    - /data\n    - /logs",
    "html": '<div id="app">\n  <p class="title">{{ message }}</p>\n  <img src="a.png" />\n</div>',
    "rst": ".. image:: https://example.com/badge.svg\n    :target: https://example.com/docs\n    :alt: badge",
    "signature": "def analyze(\n    self,\n    images: list[str],\n    size: int = 700,\n) -> dict:\n    return {}",
    "tree": "~/project/data/\n└── corpus\n    ├── train.jsonl\n    └── dev.jsonl",
    "tree-han": "├── 第一章,总论.md\n│   └── 附录:图表.png\n└── 第二章.md",
    "members": "{'city': '北京', # 城市,必填\n  'count': 3, # 数量:整数\n}",
    # commands of any program, shown by their arguments (options, placeholders, paths,
    # dotted names); a program and plain words beside them; a comment between
    "commands": "ocrtool --lang ch -i images/a.png -o out\n# 查看版本,然后启动\nocrtool version\nocrtool serve <port>",
    # statements continued by a backslash, to a last line that proves nothing alone
    "continued": "docker run -d \\\n  -p 8080:80 \\\n  -e MODE=prod \\\n  myimage",
    "chained": 'client(name="测试") \\\n    .where(kind="甲,乙") \\\n    .fetch()',
    # code commented out, and a program's log records (times to the millisecond)
    "commented": "    # model.fit(x, y, epochs=10)  # 训练,然后保存\n    # 训练完成后,再保存",
    "log": "2024-05-01 10:20:30.123 INFO worker started\n2024-05-01 10:20:31,456 WARN queue full",
    # log records with Chinese messages, and a table a program printed between borders
    "log-han": "2024-05-01 10:20:30,123|loader.py|INFO| 开始加载,请稍候...\n2024-05-01 10:20:31,456|loader.py|INFO| 完成!",
    "table-border": "+------+------+\n| 城市 | 人口 |\n+------+------+\n| 北京 | 2189 |\n+------+------+",
    # a literal of strings printed one per line and cut before its end
    "items": "['模型一.yaml',\n '模型二.yaml',\n '模型三.yaml',",
    # a comment without a space after its mark
    "comment-unspaced": "#取数据:默认前复权,日频率\ndf = get_data('601318')",
    # decorators, with and without arguments
    "decorated": "@app.route('/')\n@login_required\ndef index():\n    return '首页,欢迎'",
    # a program's subcommands, indented under a list item
    "subcommands": "   pipx install nb-cli\n   nb create\n   nb plugin install nonebot_plugin_docs",
    # a directory tree under its root
    "tree-root": ".\n├── 数据\n│   └── train.jsonl\n└── README.md",
    # the fields of a docstring, one with its colon forgotten, descriptions going on below
    "fields": (
        "    :param path: 文件路径,必填\n"
        "    :param limit 最多处理的条数,默认为100,\n"
        "            设为0表示不限\n"
        "    :return: 处理结果(成功或失败)"
    ),
    # a module's docstring alone on its lines, code after it
    "module-docstring": '"""\n1) 读取数据,然后清洗\n2) 保存结果:每行一条\n"""\nimport json',
    # a comment that is a rule, above commented code
    "comment-rule": "###==========\n# 反查工具,仅供参考\ndef lookup(key):\n    return TABLE[key]",
    # a here-document, a comment in /* */ before a function, strings left open over lines
    "heredoc": "cat > notes.txt <<'EOF'\n第一行,说明\n用户名:admin\nEOF",
    "block-comment": "/*\n * 作者:张三\n 说明,很重要\n */\nint main(void) {\n    return 0;\n}",
    "open-string": 'git commit -m "修复问题,\n更新文档"',
    "open-call": 'print("第一行,\n第二行")',
    # the request lines of an HTTP interface
    "http": "POST /ocr\nGET /api/v1/items?id=1 HTTP/1.1",
    # a dataset's sample dumped with its escapes (three or more)
    "escaped": "文章：......文章 9\\n\\n标题：腐质酸\\n内容：腐植酸,是一种有机物质",
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_blocks_are_code_and_kept_by_the_default_profile(name: str) -> None:
    block = BLOCKS[name]
    text = f"下面是示例,请看:\n{block}\n运行后,结果如下:"
    assert [text[a:b] for a, b in code_blocks(text)] == [block]
    out = INLINE.clean(text)
    assert block in out
    assert out.startswith("下面是示例，请看：\n") and out.endswith("\n运行后，结果如下：")
    # the same in traditional script
    text, block = normkit.convert(text, "s2twp"), normkit.convert(block, "s2twp")
    assert [text[a:b] for a, b in code_blocks(text)] == [block]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("调用 print('我是第一个回调函数') 即可,很简单", "print('我是第一个回调函数')"),
        (
            '使用 jieba.cut("我来到北京清华大学", cut_all=True) 分词',
            'jieba.cut("我来到北京清华大学", cut_all=True)',
        ),
        ("再用 df.groupby('城市').sum() 汇总", "df.groupby('城市').sum()"),
        (
            "返回 {'source': '原句子', 'errors': [('错', '对', 4)]},其中",
            "{'source': '原句子', 'errors': [('错', '对', 4)]}",
        ),
        # keyword arguments written out of their call
        (
            '可选参数:model_path="模型目录,默认", use_gpu=True,一般不用改',
            'model_path="模型目录,默认", use_gpu=True',
        ),
    ],
)
def test_inline_calls_are_code(text: str, code: str) -> None:
    assert code in [text[a:b] for a, b in code_spans(text)]
    assert code in normkit.clean(text)


@pytest.mark.parametrize(
    "text",
    [
        "人工智能(AI)是一门学科,发展很快",
        "世界卫生组织(WHO)发布报告",
        "(一)总体要求",
        "(记者 张三)本报讯",
        "他说(yes)就行,好的",
        "疫情就是命令,防控就是责任:5:00,全员到岗!",
        "返回值: 结果(成功或失败)",
        "import 是关键字,用来导入模块",
        "第一章\n第二章\n总结:全书完",
        "Usage: see the notes below\n用法:见下文,很简单",
        "Note:\nSUMMARY\n这里是说明,很重要",
        # a mapping of Han, and flat tags (leftovers of extraction, for markup.tags)
        "要点:\n  第一: 注意安全\n  第二: 注意卫生",
        "<p>第一段,内容</p>\n<p>第二段,内容</p>\n<br/>",
        # English sentences with a path or an option, a version, words alone
        "see the docs/index.md page for details\n说明,很重要",
        "use -v to see more\n说明,很重要",
        "Install it from example.com\n说明,很重要",
        "version 2.0\n更新说明,很重要",
        "hello world\nwelcome home\n说明,很重要",
        # a menu, a byline with seconds (no milliseconds), markdown headings
        "首页 | 新闻 | 关于我们\n正文,很重要",
        "Posted 2023-04-20 10:15:32 by admin\n正文,很重要",
        "2023-04-20 10:15:32 发布,来源:新华社\n正文,很重要",
        "# 标题\n## 第二节,内容\n# Overview",
        # a backslash ending a line of prose; quoted lines without a bracket opened
        "文件在 C:\\data\\ 下面,请查看 \\\n第二行,继续",
        "'你好',\n'世界',\n'再见',",
        # a topic of a microblog (no code beside it)
        "#健身打卡#\n今天跑了5公里,很开心",
        # a forum's mention alone on its line
        "Snowman\n@zhangsan2020\n梦游,很好",
        # one keyword argument is no list of them
        "设置 debug=True,然后重启",
        # a table of contents numbered by hand, right-aligned
        " 9 第九章,归来\n10 第十章,离别\n11 第十一章,重逢",
        # a sentence over its words split by spaces, a verse over its rhythm, "and/or"
        "今天天气很好,我们出去\n今天 天气 很好 , 我们 出去",
        "床前明月光,疑是地上霜\n床前/明月光,疑是/地上霜",
        "男女不限,年龄不限\n男/女 不限,年龄不限",
        # plain words with a word that is also a subcommand: a phrase, or a sentence
        "price list\norder status\n说明,很重要",
        "  they run\n  we install it\n说明,很重要",
        # a word after a colon at a line's start, a docstring's field named in a sentence
        ":param 是参数的意思,很常用",
        "参数写成 :param x: 的形式,然后说明",
        # triple quotes around prose that no code follows
        '"""\n第一点,注意安全\n"""\n说明,很重要',
        # lists in prose with a Han label and no index in brackets that counts, two rows,
        # an index that does not count, a label and no number
        "2019年: 1.23%\n2020年: 2.34%\n2021年: 3.45%",
        "第1天: 5.2 公里\n第2天: 3.1 公里\n第3天: 8.0 公里",
        "[1] 得分: 3,很好\n[2] 得分: 5,不错",
        "[1] 得分: 3,很好\n[3] 得分: 5,不错\n[4] 得分: 4,还行",
        "[1] 参见: 《论语》\n[2] 参见: 《孟子》\n[3] 参见: 《大学》",
        "(一) 总则: 1 条\n(二) 分则: 2 条\n(三) 附则: 3 条",
        # a quote left open by a sentence, a comment in /* */ with no code beside it, a
        # shift that is no here-document
        '他说"你好,\n世界"\n然后,好',
        "说明:\n/* 注释,很长\n还有,说明 */\n然后,好",
        "x << 2\n2\n然后,好",
        "##########\n正文,很好",
        # a method named in a sentence, a path with Han after it
        "他说 GET / 不对,好",
        "GET /首页 说明,很好",
        # prose about escapes: two of them
        "换行写作 \\n，制表写作 \\t,很好",
        "Windows 用 \\r\\n,Linux 用 \\n,很好",
    ],
)
def test_prose_is_not_code(text: str) -> None:
    assert code_spans(text) == []


def test_prose_around_inline_code_is_repaired() -> None:
    out = normkit.clean("调用 print('你好,世界') 即可,很简单")
    assert out == "调用 print('你好,世界') 即可，很简单"
    # a mark glued to the call: the part outside the code is still widened
    assert normkit.clean("调用 print('我是回调'),然后返回") == "调用 print('我是回调')，然后返回"
    assert normkit.clean("先执行,print('你好')") == "先执行，print('你好')"


def test_analysis_offers_code_as_protected() -> None:
    text = "说明:\nx = f('甲,乙')\n结束"
    analysis = Analysis(text)
    assert [(s.start, s.end, s.kind) for s in analysis.code] == [(4, 16, "code")]
    assert analysis.is_protected(text.index(","))
    assert not analysis.is_protected(text.index(":"))
    assert analysis.code_lines == frozenset({1})


@given(texts | CODE_TEXT)
def test_spans_are_sorted_disjoint_and_inside(text: str) -> None:
    spans = code_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    protected = Analysis(text).protected
    assert all(s1.end <= s2.start for s1, s2 in itertools.pairwise(protected))


@given(CODE_TEXT)
def test_default_profile_is_idempotent_on_code_like_text(text: str) -> None:
    once = normkit.clean(text)
    assert normkit.clean(once) == once


def test_html_alone_is_not_protected_code() -> None:
    """A block of tags alone may be a leftover of extraction (``markup.tags`` removes it)."""
    assert code_blocks('<div class="title">标题:欢迎</div>\n<p id="intro">简介,这里</p>') == []


@pytest.mark.parametrize(
    "text",
    [
        # verse and tables of Han words alone
        "白日依山尽  黄河入海流\n欲穷千里目  更上一层楼",
        "姓名  性别  籍贯\n张三  男    北京",
        # list items set off from their marker by two spaces
        "1.  第一点,很重要\n2.  第二点,也重要",
        "-  苹果,红色\n-  香蕉,黄色",
        # paragraphs sharing only their indentation
        "  第一段,讲的是2020年.\n  第二段,讲的是2021年.",
        "\t第一段,内容A\n\t第二段,内容B",
        # one line with a gap, nothing aligned to it
        "时间: 2020年  地点: 北京\n会议讨论了三个问题,都很重要",
        # a page's byline twice, and a feed of dates beside titles (news pages)
        "2023-04-20 10:15:32  来源：经济日报\n2023-04-20 10:15:32  来源：经济日报",
        "2023-04-20  国务院召开常务会议\n2023-04-19  全国春耕进度过半",
    ],
)
def test_prose_in_columns_or_indented_is_not_code(text: str) -> None:
    assert code_spans(text) == []
    assert code_spans(normkit.convert(text, "s2twp")) == []


@pytest.mark.parametrize(
    "text",
    [
        # prose indented (ASCII or full-width spaces) after code: not output, stays prose
        "x = compute(1)\n  这是说明,很重要\n  第二段,也很重要",
        "import os\n\u3000\u3000这是说明,很重要\nprint(os.name)",
        "Usage: tool [-h] FILE\n  这是说明,很重要\n以上是用法",
    ],
)
def test_indented_prose_beside_code_is_repaired(text: str) -> None:
    out = INLINE.clean(text)
    assert "说明，很重要" in out


#: Pieces of lines for the pre-check: statements, commands, comments, output, prose.
_LINE_PIECES = st.sampled_from(
    [
        *["import os", "from a import b", "def f(x):", "class A:", "raise E", "return x", "pass", "x = 1"],
        *["$ ls", ">>> f()", "@deco", "#include <a.h>", "SELECT a FROM t", "const x = 1", "usage: tool [-h]"],
        *["mkdir data", "tool --opt", "tool <name>", "tool a/b.py", "tool x.y", "tool doctor", "hao3<br>"],
        *["nb run", "  pipx install nb-cli", "tool version", "nb plugin install x", "  0 a-b", "12 x:y"],
        *[
            "s = '今天天气很好,我们一起去公园散步吧。'",
            "今天天气很好，我们一起去公园散布吧",
            "赞同:1.000000",
            "Counter({'a': 1,",
            "商品和服务很好",
            "商品/n 和/cc 服务/vn 很/d 好/a",
        ],
        *["d(x) \\", "  .click()", "# ", "// ", "['a',", " 'b',", "2024-05-01 10:20:30,123 INFO", "+--+--+"],
        *["├── a", ".", "key:", "  a: 1", "<div>", "  <p>x</p>", "</div>", "a=1, b=2", "f(x)", "{'a': 1}"],
        *["说明,很重要", "首页", "  ", "\t", "Hello world", "...", "a  b", "x", "1"],
        *[
            "[1] 值: 0.5",
            "[2] 值: -1",
            "2001: 0.5",
            "cat <<EOF",
            "EOF",
            "/*",
            "*/",
            'x = "',
            '说明"',
            "###=====",
            "GET /a",
        ],
    ]
)
_CODE_PAGES = st.lists(st.lists(_LINE_PIECES, max_size=3).map("".join), max_size=8).map("\n".join)


@given(_CODE_PAGES | CODE_TEXT)
@example("nb install12 a-nb install")  # a subcommand two words after its program
@example("1.000000\n0.153846\n0.000000")  # numbers printed to six decimals, alone
def test_the_pre_check_misses_no_code(text: str) -> None:
    """``might_hold_code`` is False only where the recognisers find nothing: else a step
    that removes the line which passed the check (a tag, a menu) changes what is code,
    and a second pass what is repaired."""
    from normkit import codespans
    from normkit.codespans import inline

    if not codespans.might_hold_code(text):
        assert codespans._block_spans(text) == []
        assert inline.call_spans(text) == []
        assert inline.keyword_spans(text) == []


@given(_CODE_PAGES)
def test_default_profile_is_idempotent_on_pages_of_code_and_prose(text: str) -> None:
    once = normkit.clean(text)
    assert normkit.clean(once) == once


REALWEB = Path(__file__).resolve().parents[1].parent / "shared" / "realweb" / "raw"
#: All the code on the real pages of ``../shared/realweb`` (news, blogs, forums): commands
#: and calls on developers' forums, a script's call (a forum's mention alone on its line,
#: ``@zzz6519003``, was read as a decorator: a decorator without arguments is weak now).
REALWEB_CODE = {
    "void(0)",
    "{'onclass':'active', 'pause_on_act':'click', 'position':'left'}",
    'EnableJpaRepositories(basePackages = "pub.developers.forum.portal.support")',
    "url('/')",
    "npm i -g depcheck",
    "npm i -g depcheckCopy",
    "npm i aaa.js bbb.js",
    "composer require hamcq/filter-plus",
}


@pytest.mark.skipif(not REALWEB.is_dir(), reason="../shared/realweb is not there")
def test_real_pages_hold_no_other_code() -> None:
    """No byline, feed of dates, menu or paragraph of 114 real pages is taken for code
    (the proxy settings of one forum post are a block of their own)."""
    found = set()
    for path in sorted(REALWEB.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for a, b in code_spans(text):
            if "\n" not in text[a:b]:
                found.add(text[a:b])
            else:
                assert text[a:b].startswith("# 设置代理\n"), (path.name, text[a:b])
    assert found == REALWEB_CODE


# Program output that only the code beside it tells from prose (``codespans.output``), and
# calls over several lines opened by a call at a line's start. Written for these tests.
OUTPUT = {
    # a call whose brackets a line leaves open, closed lines later
    "call-over-lines": "Counter({'北京': 2,\n         '上海': 1})",
    # a program that prints a header and rewrites the sentence it was given
    "echoes": (
        "s = '今天天气很好，我们一起去公园散步吧。'\n"
        "print('增强结果>>>')\n"
        "print(augment(s))\n"
        "增强结果>>>\n"
        "今天天气很好，我们一起去公园散布吧。"
    ),
    # an escaped line break splits what is printed
    "echo-pieces": 'print("最后十个字:\\n", text[-10:])\n最后十个字:',
    # rows numbered by a right-aligned index, an elision between them
    "indexed-rows": "  0 2022-05-04(四月初四) 青年节\n  4 2022-05-08(四月初八) 母亲节\n...\n332 2023-04-01(闰二月十一) 愚人节",
    # a sentence given to a tagger, and its answer
    "input-and-tags": "商品和服务,都很好\n商品/n 和/cc 服务/vn ,/w 都/d 很/d 好/a",
    # numbers printed with %f, words before them
    "printed-floats": "x = score(words)\n赞同:1.000000\n二十万:0.153846\n万恶:-1.000000",
    # rows a loop printed: one label, its digits aside, then a number; a Han label after
    # an index in brackets that counts up by one
    "loop-rows": "2001: 0.24\n2002: 0.37\n2003: 0.43",
    "loop-rows-indexed": "[1] 相似度: +0.82 | 今天很好,很开心。\n[2] 相似度: -0.03 | 一般。\n[3] 相似度: -0.90 | 难过,失望。",
}


@pytest.mark.parametrize("name", sorted(OUTPUT))
def test_output_told_by_its_code_is_kept(name: str) -> None:
    block = OUTPUT[name]
    text = f"下面是示例,请看:\n{block}\n运行后,结果如上."
    assert [text[a:b] for a, b in code_blocks(text)] == [block]
    out = INLINE.clean(text)
    assert block in out
    assert out.startswith("下面是示例，请看：\n")
    text, block = normkit.convert(text, "s2twp"), normkit.convert(block, "s2twp")
    assert [text[a:b] for a, b in code_blocks(text)] == [block]


@pytest.mark.parametrize(
    "text",
    [
        # prose that quotes a literal inside a sentence of its own, or after too much prose
        "print('你好，世界')\n运行后屏幕上会显示:你好，世界,然后程序退出",
        "msg = '欢迎使用本系统'\n第一段说明,很重要\n第二段说明,也重要\n第三段说明,还重要\n欢迎使用本系统,请登录",
        # a comment is no literal: prose after commented code repeating it
        "x = load()  # 加载全部数据,耗时较长\n加载全部数据,耗时较长",
        # rates to four decimals, coordinates on two lines (news, maps)
        "x = rate()\n美元:6.8812\n欧元:7.5231\n日元:0.0613",
        "x = locate()\n经度:116.397128\n纬度:39.916527\n以上是坐标,请核对",
    ],
)
def test_prose_after_code_is_still_repaired(text: str) -> None:
    out = INLINE.clean(text)
    last = text.split("\n")[-1]
    assert out.split("\n")[-1] != last, out
    for variant in (text, normkit.convert(text, "s2twp")):
        last_line = variant.rindex("\n") + 1
        assert not any(a <= last_line < b for a, b in code_blocks(variant))


def test_a_call_left_open_with_han_outside_strings_is_prose() -> None:
    assert code_blocks("Counter(北京: 2,\n上海: 1)") == []


_LINE_PIECES = st.sampled_from(
    [
        "今天天气很好，我们去公园散步了。",
        "第二章　总则",
        "├── 目录",
        "└─",
        "──",
        "ſelect",
        "ınsert",
        "USAGE",
        "name:",
        "  value",
        "\tx",
        "中文/n",
        "中文_v",
        "a=1",
        "print(1)",
        "１２：３０",
        "　",
        "",
    ]
)


@given(st.lists(st.lists(_LINE_PIECES, max_size=4).map("".join), max_size=12))
def test_the_filtered_search_for_code_finds_what_the_whole_text_holds(lines: list[str]) -> None:
    """Taking out the lines without an ASCII character never hides a match (a long text
    has them taken out: padded here with lines of prose)."""
    from normkit.codespans import might_hold_code, might_hold_code_plain

    prose = "今天天气很好，我们去公园散步了，然后回家吃饭。" * 4
    text = "\n".join(line for k, line in enumerate(lines) for line in ([line, prose] if k % 2 else [line]))
    text = "\n".join([text, *[prose] * 30])
    assert len(text) >= 2000
    if might_hold_code_plain(text):
        assert might_hold_code(text)
