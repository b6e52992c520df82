"""Each rule answers with its stable id, a score and the right span."""

import pytest

from cleantext import Detector, DetectorConfig, InputError
from cleantext.candidates import build_candidates
from cleantext.rules import RULES
from cleantext.segment import analyse


def evidence(det, text):
    ctx = analyse(text, det.lexicon)
    out = []
    for cand in build_candidates(ctx):
        for rid, rule in RULES.items():
            for hit in rule(cand, ctx, det.config):
                out.append((rid, text[cand.start : cand.end], hit.score))
    return out


def test_script_rule_fires_on_line_start_run(rules_only):
    text = "The city grew fast.\n上海娱乐 Regional integration creates synergy."
    ev = evidence(rules_only, text)
    assert ("script.out_of_context", "上海娱乐") == ev[0][:2]
    assert ev[0][2] >= 0.5


@pytest.mark.parametrize("text", [
    "President Xi Jinping (习近平) met the delegation on Monday in the capital.",
    "Fans chanted “加油” (jiayou, literally 'add oil') as the team arrived at the stadium.",
    "The term 品茶 means tasting tea — a tradition in Hangzhou's tea houses for centuries.",
])
def test_script_rule_is_weak_for_enclosed_or_glossed_names(rules_only, text):
    scores = [s for rid, _, s in evidence(rules_only, text) if rid == "script.out_of_context"]
    assert not scores or max(scores) < 0.5  # enclosed runs are not even candidates
    assert rules_only.clean(text) == text


def test_lexicon_rule_reports_terms_and_strength(rules_only):
    text = "Weather today is mild.\nslot gacor hari ini maxwin\nThe market opened early."
    res = rules_only.detect(text)
    (flag,) = res.removed
    assert flag.text == "slot gacor hari ini maxwin"
    hit = next(h for h in flag.rules if h.rule == "lexicon.spam_term")
    assert hit.evidence["strong"] >= 1 and "gambling" in hit.evidence["categories"]
    assert res.text == "Weather today is mild.\nThe market opened early."


def test_lure_glued_to_spam_counts_alone_it_does_not(rules_only):
    spam = "Rail works start Monday. 上门服务 加微信: hm8899 The line reopens in May."
    ev = evidence(rules_only, spam)
    lures = [s for rid, _, s in ev if rid == "lures.contact"]
    assert lures and lures[0] >= 0.5
    contact = "Press office: phone +44 20 7946 0000, WeChat: cityrail_press"
    assert rules_only.clean(contact) == contact


def test_stuffing_rule_counts_repeats(rules_only):
    text = ("澳门赌场888 Markets rose today.\nBonds were flat. 澳门赌场888\n"
            "Oil slipped.\n澳门赌场888\nGold held steady.")
    res = rules_only.detect(text)
    assert len(res.removed) == 3
    assert all("stuffing.repeat" in f.rule_ids for f in res.removed)
    assert "澳门赌场888" not in res.text and "Gold held steady." in res.text


def test_topic_news_keeps_its_vocabulary(rules_only):
    text = ("Regulators fined three online casino operators on Tuesday. The casino "
            "licences require age checks, and sports betting ads are now banned before 9pm.")
    assert rules_only.clean(text) == text


def test_political_vocabulary_is_not_spam(rules_only):
    text = "天安门广场上，游客参观了人民大会堂。法轮功和达赖喇嘛的新闻在西藏引起讨论。"
    assert rules_only.detect(text).flags == ()


def test_unknown_rule_id_is_a_clear_error():
    with pytest.raises(InputError, match="Unknown rule id.*links.nope.*Valid ids"):
        Detector(DetectorConfig(disabled_rules=frozenset({"links.nope"})))


def test_disabling_a_rule(rules_only):
    det = Detector(DetectorConfig(use_model=False,
                                  disabled_rules=frozenset({"script.out_of_context"})))
    text = "Intro line.\n上海娱乐 Regional integration creates synergy."
    assert all("script.out_of_context" not in f.rule_ids for f in det.detect(text).flags)


def test_ad_line_in_an_article_on_the_same_topic_is_removed(rules_only):
    article = ("Regulators warned that counterfeit Viagra sold online often contains the wrong dose.\n"
               "Buy cheap viagra online no prescription\n"
               "Pharmacists said patients should only buy medicine from licensed shops.")
    res = rules_only.detect(article)
    assert [f.text for f in res.removed] == ["Buy cheap viagra online no prescription"]
    assert "counterfeit Viagra sold online" in res.text


# -- seams, stuffed weak terms, phrase runs, mixed-script terms --------------------------
def _ctx(det, text):
    return analyse(text, det.lexicon)


@pytest.mark.parametrize(("text", "span", "seam"), [
    ("The council met. Betting Tips\nThe mayor spoke.", "Betting Tips", True),  # appended
    ("Betting Tips The council met on Tuesday.", "Betting Tips", True),  # pasted before
    ("The council met.\nBetting Tips\nThe mayor spoke.", "Betting Tips", True),  # own line
    ("It grew. Online Casino ohne Limit Bonus sofort\nNext.", "Online Casino", True),  # fragment
    ("Sports betting tips are popular, the survey found.", "betting tips", False),  # in prose
    ("Casino revenue rose by ten percent.", "Casino", False),  # a sentence's subject
    ("The council met. Casino revenue rose.", "Casino", False),
    # Chinese writes no spaces: a space after the span is where two strings were joined.
    ("全长5586米。黑火药的配方 杨树浦路西段设有车站。", "黑火药的配方", True),
    ("全长5586米。黑火药的配方在杨树浦路西段被发现。", "黑火药的配方", False),
    ("全长5586米。黑火药的配方 2019年杨树浦路。", "黑火药的配方", False),  # a number follows
])
def test_at_seam(rules_only, text, span, seam):
    from cleantext.surroundings import at_seam

    ctx = _ctx(rules_only, text)
    start = text.index(span)
    assert at_seam(ctx, start, start + len(span)) is seam


def test_weak_term_stuffed_at_paragraph_seams_is_removed_topic_words_are_not(rules_only):
    stuffed = ("Il governo ha approvato la legge sul bilancio. Scommesse sportive\n"
               "Scommesse sportive I sindacati hanno chiesto un incontro con il ministro.\n"
               "La riforma entrerà in vigore a gennaio. Scommesse sportive\n"
               "Le opposizioni hanno annunciato un ricorso.")
    res = rules_only.detect(stuffed)
    assert len(res.removed) == 3 and "Scommesse" not in res.text
    assert all("stuffing.repeat" in f.rule_ids for f in res.removed)
    topical = ("Casino operators reported higher revenue. The casino industry recovered.\n"
               "Casino revenue rose by ten percent, the regulator said.\n"
               "Analysts expect the casino sector to keep growing.")
    assert rules_only.clean(topical) == topical


def test_single_weak_word_heading_is_not_an_ad(detector):
    page = ("- Maximum long-term savings\n- Simplest ownership structure\n\nLoan\n\n"
            "- Spreads costs over time\n- Maintains cash reserves for the business")
    assert detector.clean(page, input_format="text") == page


def test_long_foreign_phrase_inside_a_sentence_scores_higher_than_a_name(rules_only):
    def script_score(text, run):
        ctx = _ctx(rules_only, text)
        for cand in build_candidates(ctx):
            if text[cand.start : cand.end] == run:
                return next(h.score for h in RULES["script.out_of_context"](
                    cand, ctx, rules_only.config))
        raise AssertionError(run)

    phrase = script_score("Mehrere Mitglieder äußerten 购买枪支著名精品折刀出售 Bedenken.",
                          "购买枪支著名精品折刀出售")
    name = script_score("Mehrere Mitglieder äußerten 习近平 Bedenken.", "习近平")
    assert phrase >= 0.5 > name


@pytest.mark.parametrize(("text", "terms"), [
    ("想买k粉请联系", ["k粉"]),          # Latin end glued to Han: a boundary
    ("上海casino888 官网", ["casino"]),  # Han and digits around a Latin term
    ("kk粉", []),                       # a Latin letter before it: not the term
    ("The casinoland park.", []),       # no partial words
    ("The casinos are closed.", ["casino"]),  # an English plural is the term
    ("Il casinoe.", []),                # only an "s" makes a plural
])
def test_lexicon_boundaries_across_scripts(rules_only, text, terms):
    from cleantext.normalize import fold

    assert [h.entry.term for h in rules_only.lexicon.find(fold(text))] == terms


def test_lone_surrogates_reach_the_matchers_safely(rules_only):
    text = "Buy cialis online \udfff now. 上海私人品茶 \ud800"
    res = rules_only.detect(text)
    assert len(res.text) <= len(text)


@pytest.mark.parametrize("text", [
    "Chưa bao giờ mẹ con bà Loan lại tranh luận với nhau như vậy.",
    "He drove a Ford Escort and parked it near the station.",
])
def test_weak_word_written_as_a_name_is_no_candidate(rules_only, text):
    assert build_candidates(_ctx(rules_only, text)) == ()


def test_model_is_not_asked_when_a_guard_keeps_the_span_anyway(detector):
    import cleantext.model as model_mod

    asked = []
    orig = model_mod.SpamModel.predict

    def spy(self, cands, ctx, evidence):
        asked.extend(ctx.text[c.start : c.end] for c in cands)
        return orig(self, cands, ctx, evidence)

    model_mod.SpamModel.predict = spy
    try:
        # A two-letter foreign word is a candidate, but the short-run guard keeps it
        # for any probability.
        detector.detect("The constant 常数 grows with the load. 上海私人品茶 The end.",
                        input_format="text")
    finally:
        model_mod.SpamModel.predict = orig
    assert "常数" not in asked and "上海私人品茶" in asked


def test_strong_ad_pasted_before_a_sentence_is_removed_even_on_topic(rules_only):
    text = ("Backlinks and SEO services are a large market. Agencies sell backlinks by the "
            "thousand, and SEO services promise rankings.\n"
            "buy instagram followers cheap Measuring the return of such campaigns is hard.")
    res = rules_only.detect(text)
    assert "buy instagram followers cheap" not in res.text
    assert "Measuring the return of such campaigns is hard." in res.text


@pytest.mark.parametrize("name", ["русский", "Українська мова", "русский язык"])
def test_language_names_in_any_case_are_no_seeds(name):
    from cleantext.candidates import is_autonym

    assert is_autonym(name)


# -- document language (foreign-language weak terms) -------------------------------------------
LANGUAGE_SAMPLES = {
    "en": "The mayor said that the new line will open next year, and that the work has been "
          "paid for by the region. There will be a bus from the station to the airport.",
    "de": "Der Bürgermeister sagte, dass die neue Linie im nächsten Jahr eröffnet wird und die "
          "Kosten von der Region getragen werden. Es gibt auch einen Bus nach dem Flughafen.",
    "fr": "Le maire a déclaré que la nouvelle ligne sera ouverte l'an prochain et que les travaux "
          "sont payés par la région. Il y aura aussi un bus pour les voyageurs avec des bagages.",
    "es": "El alcalde dijo que la nueva línea abrirá el próximo año y que las obras están pagadas "
          "por la región. También habrá un autobús desde la estación para los viajeros del norte.",
    "pt": "O prefeito disse que a nova linha será aberta no próximo ano e que as obras são pagas "
          "pela região. Também haverá um ônibus para os passageiros dos bairros do norte.",
    "it": "Il sindaco ha detto che la nuova linea sarà aperta il prossimo anno e che i lavori sono "
          "pagati dalla regione. Ci sarà anche un autobus per gli abitanti della zona nord.",
    "nl": "De burgemeester zei dat de nieuwe lijn volgend jaar wordt geopend en dat het werk door "
          "de regio is betaald. Er komt ook een bus voor de reizigers naar het vliegveld.",
    "id": "Wali kota mengatakan bahwa jalur baru itu akan dibuka tahun depan dan biaya proyek ini "
          "ditanggung oleh pemerintah daerah. Ada juga bus dari stasiun untuk warga yang tinggal di utara.",
    "vi": "Thị trưởng cho biết tuyến mới sẽ được mở vào năm sau và chi phí của dự án này do tỉnh "
          "chi trả. Cũng có xe buýt từ nhà ga cho những người dân ở phía bắc.",
    "tr": "Belediye başkanı yeni hattın gelecek yıl açılacağını ve bu işin bölge tarafından "
          "ödendiğini söyledi. Ayrıca istasyondan havalimanına bir otobüs de olacak, çok daha kolay.",
    "pl": "Burmistrz powiedział, że nowa linia zostanie otwarta w przyszłym roku, a koszty są "
          "pokryte przez region. Będzie też autobus dla mieszkańców, którzy już mieszkają na północy.",
}


@pytest.mark.parametrize("lang", sorted(LANGUAGE_SAMPLES))
def test_document_language(rules_only, lang):
    from cleantext.language import document_language
    from cleantext.segment import analyse

    assert document_language(analyse(LANGUAGE_SAMPLES[lang], rules_only.lexicon)) == lang


def test_foreign_weak_term_is_judged_as_pasted(rules_only):
    from cleantext.language import foreign_term
    from cleantext.segment import analyse

    en = LANGUAGE_SAMPLES["en"]
    ctx = analyse(en + " Vay tiền mặt nhanh. Casino night at the club.", rules_only.lexicon)
    found = {ctx.text[h.start:h.end].lower(): foreign_term(h, ctx) for h in ctx.hits}
    assert found["vay tiền mặt nhanh"] is True
    assert found["casino"] is False  # English is at home everywhere
    vi = analyse(LANGUAGE_SAMPLES["vi"] + " Vay tiền mặt nhanh.", rules_only.lexicon)
    assert not any(foreign_term(h, vi) for h in vi.hits)  # the document's own language


def test_single_weak_word_is_never_removed_on_weak_evidence(rules_only):
    # On real pages a lone weak word was a menu item ("Sportwetten") or a word of
    # celebrity news as often as an ad: even a sure classifier does not remove it,
    # while the same term in a sold phrase at a seam goes.
    from cleantext.candidates import build_candidates
    from cleantext.decide import decide
    from cleantext.records import RuleHit
    from cleantext.segment import analyse

    def verdict(text):
        ctx = analyse(text, rules_only.lexicon)
        (cand,) = build_candidates(ctx)
        hits = [RuleHit("lexicon.spam_term", 0.3, "weak"), RuleHit("model.spam", 0.99, "p")]
        return decide(cand, hits, ctx, rules_only.config)

    word = verdict("Startseite\nSportwetten\nHandy\n\nDas Update erscheint in den nächsten Wochen.")
    assert not word.remove and "only weak terms" in word.reason
    phrase = verdict("Das Update erscheint bald.\nBeste Sportwetten online\nMehr dazu morgen.")
    assert phrase.remove


def test_lures_glued_to_chinese_and_japanese_words():
    from cleantext.lures import find_lures
    from cleantext.normalize import fold

    def lures(text):
        return [(text[lu.start : lu.end], lu.kind) for lu in find_lures(fold(text))]

    # Chinese and Japanese put no space before a number or after an ID.
    assert lures("核弹头的制造 电话17839019209联系") == [("17839019209", "phone")]
    assert lures("媚薬販売LINEID:xwcx5078当地") == [("LINEID:xwcx5078", "messenger")]
    # A registration number ends in a counter word; a code after a Latin letter is a code.
    assert lures("浙公网安备 33010802002248号") == []
    assert lures("Model X12345678b ships in May") == []
    assert lures("lineidx is a word") == []


def test_numbered_sites_on_gambling_tlds_are_their_own_lure_kind():
    from cleantext.lures import find_lures
    from cleantext.normalize import fold

    def kinds(text):
        return [(text[lu.start : lu.end], lu.kind) for lu in find_lures(fold(text))]

    assert kinds("官网vip893.xyz沿线") == [("vip893.xyz", "site")]
    assert kinds("see example.com or top100.com") == [("example.com", "domain"),
                                                      ("top100.com", "domain")]


def test_pasted_repeats_finds_copies_not_templates_or_labels():
    from cleantext.lexicon import Lexicon
    from cleantext.repeats import MAX_COPIES, pasted_repeats
    from cleantext.segment import analyse

    def frags(text):
        ctx = analyse(text, Lexicon([]))
        return sorted({text[s:e] for s, e in pasted_repeats(ctx)})

    body = ["城墙始建于明代。", "河水自西向东流。", "该镇人口约八百人。", "今天天气很好。"]
    stuffed = "\n".join("军刀直销网客服" + line for line in body)
    assert frags(stuffed) == ["军刀直销网客服"]
    # Openings that go on with a comma are an article's own ("据新华社北京消息，...").
    wire = "\n".join("据新华社北京消息，" + line for line in body)
    assert frags(wire) == []
    # A line repeated beyond MAX_COPIES is a template, not stuffing.
    template = "\n".join("Reply to this comment" + "\nThanks for the tip." for _ in range(MAX_COPIES + 5))
    assert frags(template) == []
