"""The dependency relations, prepositions and words from which `participants.Arguments` tells who takes part."""

ARG_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "agent", "dobj", "pobj", "dative",
            "nsubjpass", "appos"}
SUBJECT_RELS = {"nsubj", "nsubj:pass", "nsubjpass"}
# prepositions that make a party of their noun, by language; any other preposition (в, о, на, in, about…) does not
PARTY_CASES = {"ru": {"с", "со", "между", "у", "от", "для", "к", "ко", "среди", "меж"},
               "en": {"with", "between", "by", "from", "to", "among", "of"}}
# prepositions that make a party only of an organisation or a person, and only for deals (`наложить штраф на
# Microsoft`, `вложила в Zynga`), or of a country goods come from (`ввозить из Молдавии`)
TARGET_CASES = {"на", "в", "во", "из", "против", "against", "on", "in", "into", "from"}
DEAL_CASES = frozenset(TARGET_CASES)
MEETING_CASES = frozenset({"против", "against"})
DURING_CASES = {"в", "во", "на", "во время", "during", "at", "in"}
TOPIC_CASES = {"о", "об", "about", "on"}
BODIES = {"правительство", "администрация", "акимат", "мэрия", "парламент", "дума", "совет", "government",
          "administration", "parliament"}  # bodies named by one common word, of the region that follows
PERSONAL = {"он", "она", "они", "he", "she", "they"}
SAYING = {"сказать", "заявить", "сообщить", "отметить", "подчеркнуть", "пояснить", "рассказать", "напомнить",
          "признать", "заверить", "говорить", "заявлять", "сообщать", "say", "tell", "state", "announce", "claim"}
RELATIVE = {"который", "кто", "who", "which", "that"}
PHRASE_RELS = {"nmod", "appos", "flat", "amod", "compound", "nummod", "det", "poss"}
APPOS_RELS = {"appos", "flat", "flat:name", "compound"}
NAMING_RELS = APPOS_RELS | {"parataxis"}  # `потребителю энергоносителей — Китаю —`
CLAUSE_RELS = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "relcl", "csubj", "conj"}
NEGATION = {"не", "нет", "ни", "not", "n't", "never", "no"}
MAX_CLIMB = 5  # `приняли участие в церемонии открытия филиала`: филиала → … → приняли
