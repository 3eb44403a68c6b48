"""Readable names for columns a publisher left without a label (an EES file imported without its
``.meta.csv``): ``rereferral_percent`` -> "Re-referral (%)", ``at31_episodes`` -> "Episodes at 31 March",
``dfe_statistical_neighbours`` -> "DfE statistical neighbours".

The words are EES's own: DfE names columns ``{title}_{data type}`` (its open data standards), writes the
abbreviations below in lower case, and ``at31`` for the children looked after and children in need census day,
31 March."""

from __future__ import annotations

import re

# Abbreviations as they are written in prose.
ACRONYMS = {
    "dfe": "DfE", "la": "LA", "las": "LAs", "fte": "FTE", "ons": "ONS", "sen": "SEN", "send": "SEND", "ehc": "EHC",
    "ehcp": "EHCP", "ehcps": "EHCPs", "fsm": "FSM", "ks1": "KS1", "ks2": "KS2", "ks3": "KS3", "ks4": "KS4",
    "ks5": "KS5", "cin": "CIN", "cla": "CLA", "cp": "CP", "cpp": "CPP", "uasc": "UASC", "neet": "NEET",
    "gcse": "GCSE", "eyfs": "EYFS", "asc": "ASC", "nhs": "NHS", "pru": "PRU", "ap": "AP", "sw": "SW",
    "lac": "LAC", "gss": "GSS", "uk": "UK", "mat": "MAT", "ofsted": "Ofsted", "english": "English",
    "england": "England",
}
WORDS = {"rereferral": "re-referral", "rereferrals": "re-referrals", "reassessment": "re-assessment",
         "num": "number", "inpost": "in post"}
PERCENT = {"percent", "percentage", "pct"}
CENSUS_DAY = {"at31": "at 31 March"}


def readable(column: str) -> str:
    """A column name as a label: words split at underscores, abbreviations written as in prose, a trailing
    percentage marked (%), DfE's census day ``at31`` written out and put after what it qualifies."""
    tokens = [t for t in re.split(r"[_\s]+", str(column).strip()) if t]
    if not tokens:
        return str(column)
    at = ""
    if tokens[0].lower() in CENSUS_DAY and len(tokens) > 1:    # at31_episodes: episodes at 31 March
        at = CENSUS_DAY[tokens.pop(0).lower()]
    percent = tokens[-1].lower() in PERCENT and len(tokens) > 1
    if percent:
        tokens.pop()
    words = []
    for t in tokens:
        low = t.lower()
        if low in CENSUS_DAY:
            words.append(CENSUS_DAY[low])
        elif low in ACRONYMS:
            words.append(ACRONYMS[low])
        elif low in WORDS:
            words.append(WORDS[low])
        elif low.isdigit() and words and words[-1] == "per":     # per_10000: per 10,000
            words.append(f"{int(low):,}")
        elif low in PERCENT:
            words.append("%")
        else:
            # letters run into digits the way DfE abbreviates (age0to17 stays as written apart from spacing)
            words.append(" ".join(re.findall(r"[A-Za-z]+|\d+", t)) if re.search(r"[a-z]\d|\d[a-z]", low) else t)
    text = " ".join(words + ([at] if at else [])) + (" (%)" if percent else "")
    return text[:1].upper() + text[1:]
