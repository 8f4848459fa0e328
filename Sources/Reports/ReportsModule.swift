// Reports: the workflow's documents — Excel workbooks through libxlsxwriter and PDF through
// cairo + pango (CJK text) — each C library wrapped once here; nothing else touches their
// pointers.
