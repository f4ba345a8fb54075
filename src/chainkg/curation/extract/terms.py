"""Technologies and industries, chain strategies and chain terms, and candidate new terms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer, surface_forms, trie_pattern
from .scan import matches_at


@dataclass(frozen=True)
class TermMention:
    scheme: str
    concept: str
    start: int
    end: int
    rule: str


# English phrasings of the four chain strategies and the chain chief system that the
# vocabularies' labels do not cover word for word.
_CHAIN_PHRASES = [
    ("chain-strategy", "patching",
     r"(?:patch|supplement|make up|fill|mend)(?:s|es|ed|ing)?\s+(?:the\s+)?(?:weak\s+links|"
     r"short[- ]boards?|gaps?|missing links)(?:\s+(?:of|in)\s+(?:the\s+)?(?:industrial\s+)?"
     r"chains?)?|(?:make|making|made)\s+up\s+(?:the\s+)?chains?|(?:make|making|made|achiev\w*|"
     r"accelerat\w*)\s+breakthroughs?\s+in\s+(?:the\s+)?(?:key\s+)?core\s+technolog(?:y|ies)"
     r"|补链"),
    ("chain-strategy", "strengthening",
     r"(?:strengthen|reinforc|consolidat)(?:e|es|ed|ing)?\s+(?:the\s+|key\s+|industrial\s+|"
     r"manufacturing\s+|\d+\s+)*(?:industrial\s+|industry\s+)?chains?|强链"),
    ("chain-strategy", "upgrading",
     r"(?:upgrad|transform|enhanc|renovat|revamp)(?:e|es|ed|ing|ation)?\s+(?:of\s+)?(?:the\s+)?"
     r"traditional\s+(?:[\w-]+\s+)?(?:industr(?:y|ies)|industrial\s+chains?|chains?|sectors?)"
     r"|transformation and upgrading of traditional"),
    ("chain-strategy", "extending",
     r"(?:extend|lengthen)(?:s|ed|ing)?\s+(?:the\s+|advantageous\s+|industrial\s+)*chains?|"
     r"延链"),
    ("chain-strategy", "building",
     r"(?:build|create|form|establish)(?:s|ed|ing)?\s+(?:new\s+|emerging\s+)+(?:industrial\s+|"
     r"industry\s+)?chains?|(?:foster|cultivat|nurtur)(?:e|es|ed|ing)?\s+(?:the\s+)?"
     r"(?:frontier|future)\s+(?:emerging\s+)?industr(?:y|ies)|建链"),
    ("policy-instrument", "chain-chief-system",
     r"chain[- ](?:chief|leader|length|master)s?(?:[- ]general)?(?:\s+(?:system|scheme|"
     r"mechanism))?|(?:industrial\s+)?chain\s+chiefs?|(?:chief|leader)s?\s+of\s+(?:the\s+|each\s+)?"
     r"(?:[\w-]+\s+)?(?:industrial\s+|industry\s+)chains?|链长制?|链主"),
]
_CANDIDATE = re.compile(
    r"(?<![\w-])((?:[a-z][a-z-]{2,}\s+){0,2}[a-z][a-z-]{2,})\s+"
    r"(?:industry|industries|sector|sectors|industrial\s+chains?|industry\s+chains?|"
    r"industrial\s+clusters?|clusters?)\b")
_LIST_HEAD = re.compile(r"(?:chains?|industries|clusters|sectors)\s+(?:of|such as|including|"
                        r"like|covering)\s+")
_STOP_WORDS = """the a an and or of in on for to with by from key major important related
relevant such other these those this that its their our new more most all each every some
many several various local provincial national municipal regional global leading emerging
strategic pillar advantageous traditional modern relevant main core whole entire overall
certain specific
competitive characteristic distinctive existing future same different world-class first
second third top two three four five six seven eight nine ten eleven twelve dominant which
will have has had been be being was were is are it they them into onto upon through between
among aforementioned above below about as well"""
_STOP = frozenset(_STOP_WORDS.split())


_NOT_TERMS_WORDS = """industrial industry industries chain chains cluster clusters sector sectors
plan plans support issues issue according helping help within policy policies measure measures
province city region country development high-quality quality level areas area field fields
aspects enterprises companies projects high-end advanced new emerging green modern smart key"""
_NOT_TERMS = frozenset(_NOT_TERMS_WORDS.split())
_ING_NOUNS_WORDS = """manufacturing processing engineering printing clothing mining packaging
shipbuilding computing building"""
_ING_NOUNS = frozenset(_ING_NOUNS_WORDS.split())


class TermFinder:
    def __init__(self, gazetteer: Gazetteer):
        self.surface: dict[str, tuple[str, str]] = {}
        self.shared: dict[str, list[str]] = {}     # other technology concepts of a label
        case_sensitive: set[str] = set()
        for scheme in ("technology", "chain-strategy", "policy-instrument"):
            for concept, labels in gazetteer.concepts.get(scheme, {}).items():
                for form in surface_forms(labels):
                    if len(form) < 2:
                        continue
                    key = form.lower()
                    if key not in self.surface or scheme == "technology":
                        self.surface.setdefault(key, (scheme, concept))
                    if scheme == "technology" and self.surface[key] != (scheme, concept):
                        # "basic components" labels two concepts: name both, the curator
                        # keeps the one the text means.
                        self.shared.setdefault(key, [])
                        if concept not in self.shared[key]:
                            self.shared[key].append(concept)
                    if form.isupper() or (len(form) <= 4 and form[:1].isupper()):
                        case_sensitive.add(form)
        forms = {form for scheme in ("technology", "chain-strategy", "policy-instrument")
                 for labels in gazetteer.concepts.get(scheme, {}).values()
                 for form in surface_forms(labels) if len(form) >= 2}
        folded = sorted(f for f in forms if f not in case_sensitive)
        exact = sorted(case_sensitive & forms, key=lambda f: (-len(f), f))
        alternation = f"(?i:{trie_pattern(folded)})"
        if exact:
            alternation += "|" + "|".join(re.escape(f) for f in exact)
        body = rf"(?:{alternation})(?![\w-])"
        self.pattern = re.compile(rf"(?<![\w-]){body}")
        self.normalise = re.compile(r"[\s-]+")
        self.lookup = {self.normalise.sub(" ", k): v for k, v in self.surface.items()}
        self.also = {self.normalise.sub(" ", k): sorted(v) for k, v in self.shared.items()
                     if self.surface[k][0] == "technology"}
        known = {(scheme, concept) for scheme in ("chain-strategy", "policy-instrument")
                 for concept in gazetteer.concepts.get(scheme, {})}
        phrases = [(scheme, concept, pattern) for scheme, concept, pattern in _CHAIN_PHRASES
                   if (scheme, concept) in known]
        self.phrases = [(scheme, concept, re.compile(rf"(?i)(?<![\w-])(?:{pattern})"))
                        for scheme, concept, pattern in phrases]
        # Every position where the labels' pattern or a phrase can match, in one scan of
        # the text instead of seven (each starts with a lookbehind, so ``re`` tries it at
        # every character).
        alternatives = [body] + [f"(?i:{pattern})" for *_, pattern in phrases]
        self.starts = re.compile(rf"(?<![\w-])(?={'|'.join(alternatives)})")

    def find(self, text: str) -> list[TermMention]:
        found: list[TermMention] = []
        starts = [m.start() for m in self.starts.finditer(text)]
        for match in matches_at(self.pattern, text, starts):
            key = self.normalise.sub(" ", match.group().lower())
            hit = self.lookup.get(key)
            if hit is None:
                continue
            found.append(TermMention(hit[0], hit[1], match.start(), match.end(),
                                     "vocabulary-label"))
            for concept in self.also.get(key, ()):
                found.append(TermMention("technology", concept, match.start(), match.end(),
                                         "shared-vocabulary-label"))
        for scheme, concept, pattern in self.phrases:
            for match in matches_at(pattern, text, starts):
                found.append(TermMention(scheme, concept, match.start(), match.end(),
                                         "chain-phrase"))
        return sorted(found, key=lambda t: (t.start, t.end, t.concept))

    def candidates(self, text: str, known: list[TermMention]) -> list[tuple[str, int, int]]:
        """Industry and chain names that no vocabulary term covers."""
        covered = bytearray(len(text) + 1)
        for t in known:
            covered[t.start:t.end] = b"\x01" * (t.end - t.start)
        result: list[tuple[str, int, int]] = []

        def add(phrase: str, start: int, end: int) -> None:
            tokens = [(m.start() + start, m.end() + start, m.group().lower())
                      for m in re.finditer(r"\S+", text[start:end])]
            while tokens and tokens[0][2] in _STOP:
                tokens.pop(0)
            while tokens and (tokens[-1][2] in _STOP or tokens[-1][2] in _NOT_TERMS):
                tokens.pop()
            if not tokens or any(w in _STOP or w in _NOT_TERMS for _, _, w in tokens):
                return
            if tokens[0][2].endswith("ing") and tokens[0][2] not in _ING_NOUNS:
                return                      # "helping the industry": a verb, not a term
            begin, finish = tokens[0][0], tokens[-1][1]
            if any(covered[begin:finish]):
                return
            words = " ".join(w for _, _, w in tokens)
            if self.lookup.get(self.normalise.sub(" ", words)):
                return
            result.append((words, begin, finish))

        for match in _CANDIDATE.finditer(text):
            add(match.group(1), match.start(1), match.end(1))
        for match in _LIST_HEAD.finditer(text):
            tail_end = len(text)
            for stop in (".", ";", "\n"):
                found = text.find(stop, match.end(), match.end() + 300)
                if found != -1:
                    tail_end = min(tail_end, found)
            cut = tail_end > match.end() + 300
            tail_end = min(tail_end, match.end() + 300)
            items = list(re.finditer(r"[^,]+", text[match.end():tail_end]))
            if cut or tail_end >= len(text):
                items = items[:-1]          # the last item may be cut off mid-word
            for item in items:
                phrase = re.sub(r"^\s*(?:and|or|as well as)\s+", "", item.group()).strip()
                phrase = re.split(r"\s+(?:and|as well as)\s+(?:the|build|to|will)\b", phrase)[0]
                if not phrase or len(phrase.split()) > 5 or not re.fullmatch(r"[a-z][\w\s-]*",
                                                                             phrase):
                    continue
                begin = match.end() + item.start() + item.group().index(phrase)
                add(phrase, begin, begin + len(phrase))
        return result
