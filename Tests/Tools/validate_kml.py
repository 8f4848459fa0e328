#!/usr/bin/env python3
"""Validates a KML file (or the .kml inside a KMZ) against the OGC KML 2.2 schema that
PyPI's fastkml ships, with lxml. Prints "valid" or the first errors; exits 1 when invalid."""
import os
import sys
import zipfile

import fastkml
from lxml import etree

path = sys.argv[1]
if path.lower().endswith(".kmz"):
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.lower().endswith(".kml"))
        document = etree.fromstring(z.read(name)).getroottree()
else:
    document = etree.parse(path)
schema = etree.XMLSchema(etree.parse(os.path.join(os.path.dirname(fastkml.__file__), "schema", "ogckml22.xsd")))
if schema.validate(document):
    print("valid")
else:
    print("\n".join(str(e) for e in list(schema.error_log)[:10]))
    sys.exit(1)
