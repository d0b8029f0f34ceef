"""How close a seed name comes to a CMS short descriptor (for the seed-name tests). Pure.

Both texts are lowercased, cut into words, the CMS abbreviations below are spelled out, and
filler words are dropped; the overlap is the Jaccard index of the two word sets (shared words
over all words). A name at or above TOO_CLOSE reads as the descriptor with its abbreviations
expanded, in about its order: the seed must say it in its own words.

Threshold: 0.7. On the seed's 7,265 names the overlap is under 0.5 for the large majority; the
names between 0.6 and 0.7 keep the few clinical words a code cannot be named without (e.g.
"Total knee replacement" against "Total knee arthroplasty") while rewording the rest.
"""

import re

TOO_CLOSE = 0.7

ABBREVIATIONS = {
    "abd": "abdominal",
    "abdl": "abdominal",
    "abdom": "abdomen",
    "addl": "additional",
    "adj": "adjacent",
    "ant": "anterior",
    "antr": "anterior",
    "appl": "application",
    "art": "artery",
    "arthrs": "arthroscopy",
    "arthrp": "arthroplasty",
    "asp": "aspiration",
    "aspir": "aspiration",
    "asst": "assisted",
    "bilat": "bilateral",
    "bx": "biopsy",
    "cath": "catheter",
    "cerv": "cervical",
    "chng": "change",
    "clsd": "closed",
    "cmplx": "complex",
    "complx": "complex",
    "compl": "complete",
    "crnl": "cranial",
    "dbrdmt": "debridement",
    "debride": "debridement",
    "decompr": "decompression",
    "destr": "destruction",
    "destruct": "destruction",
    "diag": "diagnostic",
    "drg": "drainage",
    "drng": "drainage",
    "dx": "diagnostic",
    "ea": "each",
    "egd": "esophagogastroduodenoscopy",
    "endo": "endoscopic",
    "eval": "evaluation",
    "exc": "excision",
    "excj": "excision",
    "expl": "exploration",
    "ext": "external",
    "fb": "foreign body",
    "fx": "fracture",
    "hrt": "heart",
    "hx": "history",
    "i&d": "incision drainage",
    "inc": "incision",
    "incl": "including",
    "init": "initial",
    "inj": "injection",
    "insj": "insertion",
    "insrt": "insertion",
    "int": "internal",
    "intrs": "intrinsic",
    "ischm": "ischemic",
    "lap": "laparoscopic",
    "laps": "laparoscopy",
    "lat": "lateral",
    "les": "lesion",
    "lesn": "lesion",
    "lmbr": "lumbar",
    "lmb": "lumbar",
    "lt": "left",
    "lvl": "level",
    "manj": "manipulation",
    "med": "medial",
    "mod": "moderate",
    "ndsc": "endoscopy",
    "nrv": "nerve",
    "nsl": "nasal",
    "opn": "open",
    "orif": "open reduction internal fixation",
    "perq": "percutaneous",
    "perc": "percutaneous",
    "plmt": "placement",
    "pls": "plus",
    "post": "posterior",
    "postr": "posterior",
    "prph": "peripheral",
    "ptx": "patient",
    "pt": "patient",
    "rcnstj": "reconstruction",
    "recon": "reconstruction",
    "reconstr": "reconstruction",
    "recur": "recurrent",
    "redxn": "reduction",
    "reloc": "relocation",
    "rem": "removal",
    "remv": "removal",
    "rmvl": "removal",
    "rpr": "repair",
    "repr": "repair",
    "repl": "replacement",
    "revj": "revision",
    "rt": "right",
    "sbsq": "subsequent",
    "subq": "subcutaneous",
    "subsq": "subsequent",
    "sup": "superior",
    "supfc": "superficial",
    "surg": "surgery",
    "thrc": "thoracic",
    "thru": "through",
    "tiss": "tissue",
    "trnsplj": "transplantation",
    "tx": "treatment",
    "uni": "unilateral",
    "unilat": "unilateral",
    "uppr": "upper",
    "vag": "vaginal",
    "vrt": "vertebral",
    "w": "with",
    "wo": "without",
    "xtrnl": "external",
}
FILLER = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "per", "the", "to", "with"}


def words(text: str) -> set[str]:
    """The meaningful words of a text, abbreviations spelled out."""
    lowered = text.lower().replace("w/o", " without ").replace("w/", " with ")
    out: set[str] = set()
    for word in re.findall(r"[a-z0-9&]+", lowered):
        for part in ABBREVIATIONS.get(word, word).split():
            if part not in FILLER:
                out.add(part)
    return out


def normalized(text: str) -> str:
    return " ".join(sorted(words(text)))


def overlap(name: str, descriptor: str) -> float:
    """Jaccard index of the two texts' word sets (0: nothing shared, 1: the same words)."""
    a, b = words(name), words(descriptor)
    return len(a & b) / len(a | b) if a | b else 1.0
