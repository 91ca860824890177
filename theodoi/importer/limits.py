"""The bounds an uploaded document must keep, checked before a reader does the work.

A hostile document is small on disk and huge once read: a zip that unpacks to
gigabytes, a sheet whose one merged range covers a billion cells, a PDF of a
hundred thousand pages or of pages metres wide. Each limit here is far above
what a real plan needs (the largest plans in the corpus: about 60 PDF pages of
A4, a 1 MB ``word/document.xml``, sheets of a few thousand rows and merges of
a few hundred cells) and far below what would take the worker down; going over
one refuses the document with a message naming the limit (``errors.MESSAGES``).
``sandbox.parse_bounded`` also bounds the memory and time of the whole read.
"""

MEGABYTE = 1024 * 1024

# .docx and .xlsx packages (zip archives)
MAX_UNZIPPED_BYTES = 120 * MEGABYTE  # all members, unpacked (images included)
MAX_MEMBERS = 2000  # files in the package
MAX_XML_PART_BYTES = 40 * MEGABYTE  # one XML part, unpacked (lxml needs ~10x that)

# .docx tables: Word's own limit is 63 columns
MAX_TABLE_COLUMNS = 64

# .xlsx sheets, measured from the sheet's XML before openpyxl loads it
MAX_SHEET_CELLS = 1_000_000  # <c> elements in one sheet
MAX_SHEET_AREA = 1_000_000  # rows x columns up to the last cell holding data
MAX_MERGED_RANGES = 20_000  # merged ranges in one sheet
MAX_MERGED_AREA = 250_000  # cells covered by all of a sheet's merged ranges

# PDF, measured with PDFium before anything is extracted
MAX_PDF_PAGES = 600
MAX_PAGE_SIDE = 5_000  # points (1.76 m; A0 is 2384 x 3370)
MAX_PAGES_AREA = 600 * 842 * 1191  # points², all pages together: 600 pages of A3
# Where a page's rules could cross (distinct x of its vertical rules times distinct y
# of its horizontal ones, to 3 pt): pdfplumber's table finder takes time quadratic in
# the crossings, 9 s for a grid of 100 x 100; the corpus's busiest page has 864.
MAX_PAGE_CROSSINGS = 6_000
