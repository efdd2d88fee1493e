"""qpdfjson.py: the objects of `qpdf --json` (version 2), as the tagged checkers read them."""
import json


def load(path):
    """(objs, trailer, doc): objs maps "N 0 R" to the object's value (a stream to its
    dictionary); doc is the whole of qpdf's JSON (its "pages", "pagelabels"...)."""
    doc = json.load(open(path))
    objs = {}
    for k, v in doc["qpdf"][1].items():
        if k.startswith("obj:") and isinstance(v, dict):
            objs[k[4:]] = v.get("value", v.get("stream", {}).get("dict"))
    return objs, doc["qpdf"][1]["trailer"]["value"], doc
