"""A small DOM for tests: HTML parsed with the standard library into elements
with tag, attributes, children and parent, and the queries the page tests need."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Element"]:
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)]

    def text(self, skip=lambda e: False) -> str:
        """Text content, leaving out elements for which skip(element) is true."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not skip(child):
                parts.append(child.text(skip))
        return "".join(parts)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.node = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Element(tag, dict(attrs), self.node))

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def by_id(root: Element) -> dict[str, Element]:
    ids: dict[str, Element] = {}
    for e in root.iter():
        if "id" in e.attrs:
            assert e.attrs["id"] not in ids, f"duplicate id {e.attrs['id']}"
            ids[e.attrs["id"]] = e
    return ids


def visible_text(e: Element) -> str:
    """The text a reader sees in a paragraph: without hidden figure tips and the attribution note."""
    return e.text(skip=lambda x: bool({"tip", "how", "delivery"} & x.classes) or "hidden" in x.attrs)


def check_episode_page(doc: Element, package, episode_id: str) -> None:
    """The page holds every turn, paragraph, figure and link of the episode, each where it belongs."""
    rows = {name: [r for r in table if r.get("episode_id") == episode_id] for name, table in package.tables.items()}
    names = {s["speaker_id"]: s["name"] for s in rows["speakers"]}
    ids = by_id(doc)
    articles = doc.find_all("article")
    assert len(articles) == 1 and "episode" in articles[0].classes

    turns = rows["turns"]
    assert len(doc.find_all("div", "turn")) == len(turns)
    for t in turns:
        div = ids[f"turn-{t['position']:03d}"]
        assert "turn" in div.classes
        assert div.find_all(cls="speaker")[0].text() == names[t["speaker_id"]]
        if t.get("reply_to"):
            reply = next(r for r in turns if r["turn_id"] == t["reply_to"])
            assert any(a.attrs.get("href") == f"#turn-{reply['position']:03d}" for a in div.find_all("a"))
    for p in rows["paragraphs"]:
        element = ids[f"p-{p['position']:03d}"]
        assert visible_text(element) == p["text"], p["paragraph_id"]
        if p.get("turn_id"):
            turn = next(t for t in turns if t["turn_id"] == p["turn_id"])
            assert ids[f"turn-{turn['position']:03d}"] in element.ancestors()
        delivery = element.find_all(cls="delivery")
        assert len(delivery) == (1 if p.get("delivery") else 0)
        if delivery:
            assert p["delivery"].replace("_", " ") in delivery[0].text()
        notes = element.find_all(cls="how")
        doubtful = p.get("confidence") in ("low", "medium")
        assert ("check" in element.classes) == doubtful
        if p.get("attribution") in ("inferred", "annotated") or doubtful:
            assert len(notes) == 1 and p["attribution"] in notes[0].text() and p["rule"] in notes[0].text()
        else:
            assert not notes

    figures = rows["figures"]
    assert len([m for m in doc.find_all("mark", "fig") if "id" in m.attrs]) == len(figures)
    table = [t for t in doc.find_all("table") if "figures" in t.classes]
    assert (len(table[0].find_all("tbody")[0].find_all("tr")) if table else 0) == len(figures)
    for f in figures:
        mark = ids[f"figure-{f['position']:03d}"]
        assert mark.tag == "mark" and mark.text() == f["text"]
        tip = ids[mark.attrs["aria-describedby"]]
        if f.get("kind"):
            assert f["kind"] in tip.text()
        if f.get("speaker_id"):
            assert f"said by {names[f['speaker_id']]}" in tip.text()
        if f.get("turn_id"):
            turn = next(t for t in turns if t["turn_id"] == f["turn_id"])
            assert ids[f"turn-{turn['position']:03d}"] in mark.ancestors()

    section = ids["links"]
    items = section.find_all("li")
    assert len(items) == len(rows["links"])
    for link, item in zip(sorted(rows["links"], key=lambda r: r["position"]), items):
        assert link["title"] in item.text()

    words = {}
    for t in turns:
        words[t["speaker_id"]] = words.get(t["speaker_id"], 0) + t["word_count"]
    speaker_rows = ids["speakers"].find_all("tbody")[0].find_all("tr")
    assert len(speaker_rows) == max(1, len(rows["speakers"]))
    for s, tr in zip(rows["speakers"], speaker_rows):
        cells = [c.text().strip() for c in tr.children if isinstance(c, Element)]
        assert cells[0] == s["name"] and cells[3] == f"{words.get(s['speaker_id'], 0):,}"

    check_links_resolve(doc)
    charts = [svg for svg in doc.find_all("svg") if svg.attrs.get("role") == "img"]
    assert len(charts) == 3 and all(svg.find_all("title") for svg in charts)
    # Bars for words per speaker and turn lengths exist exactly when there are turns
    # (a transcript with no recognised label has an empty, titled chart).
    assert all(bool(svg.find_all("rect")) == bool(turns) for svg in charts[:2])


def check_links_resolve(doc: Element) -> None:
    ids = by_id(doc)
    for a in doc.find_all("a"):
        href = a.attrs.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, f"anchor {href} does not resolve"
    for e in doc.iter():
        for attr in ("aria-describedby", "aria-labelledby"):
            for ref in e.attrs.get(attr, "").split():
                assert ref in ids, f"{attr}={ref} does not resolve"
