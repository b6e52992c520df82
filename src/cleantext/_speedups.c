/* Compiled versions of cleantext's per-character loops (optional).
 *
 * Each function computes exactly what a numpy or re step of the Python code
 * computes; that code stays as the fallback when this module is not built, and
 * tests/test_native.py compares the two.  The build (hatch_build.py) compiles this
 * file when a C compiler is present and skips it otherwise.
 *
 * - anchor_hits(text, shift, steps): the positions whose anchor hash is in a bit
 *   table, per anchor length (the Matcher's filter); anchor_matches(...) checks
 *   the words behind those anchors too (the Matcher's whole search).
 * - script_counts(text, table, ncodes): code points counted by their class in a
 *   byte table (the script profile).
 * - contains_any(text, chars): whether text holds any of chars (a regex search
 *   for one character class, the way folding asks for rare characters).
 * - latin_touches_cyrillic_greek(text): whether a-z stands next to U+0370-U+052F
 *   (normalize._has_mixed_word).
 * - hashed_ngrams(texts, lo, hi, bits): the classifier's hashed character n-grams
 *   (model.hashed_ngrams_many).
 * - class_spans(text, ends, inner, min_len): runs such as digit groups
 *   (lures._DIGITS_RE's matches).
 * - class_runs(text, table, mask, seps): runs of letters of some scripts
 *   (scripts._foreign_run_re's matches).
 * - spaced_hint(text, seps): whether text holds sep, letter, sep, letter, sep,
 *   letter, not followed by a word character, for one sep of seps: the regexes
 *   normalize._SPACED_HINT_RES, with re's own letter and word classes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

/* normalize._ANCHOR_MULT: one odd multiplier per position in an anchor. */
static const uint32_t MULT[6] = {0x9E3779B1u, 0x85EBCA77u, 0xC2B2AE3Du,
                                 0x27D4EB2Fu, 0x165667B1u, 0xD3A2646Du};
#define MAX_STEPS 6

/* The text's code points as uint32, in a buffer the caller frees (NULL: error set). */
static uint32_t *code_points(PyObject *text, Py_ssize_t n) {
    uint32_t *cps = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(uint32_t));
    if (cps == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *p = data;
        for (Py_ssize_t i = 0; i < n; i++) cps[i] = p[i];
    } else if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *p = data;
        for (Py_ssize_t i = 0; i < n; i++) cps[i] = p[i];
    } else {
        const Py_UCS4 *p = data;
        for (Py_ssize_t i = 0; i < n; i++) cps[i] = p[i];
    }
    return cps;
}

/* anchor_hits' work: the positions per step, and each step's anchor length in ks. */
static PyObject *filter_positions(PyObject *text, unsigned int shift, PyObject *steps,
                                  int *ks) {
    if (shift < 8 || shift > 31) {
        PyErr_SetString(PyExc_ValueError, "shift must be in 8..31");
        return NULL;
    }
    Py_ssize_t nsteps = PyTuple_GET_SIZE(steps);
    if (nsteps > MAX_STEPS) {
        PyErr_SetString(PyExc_ValueError, "at most 6 anchor lengths");
        return NULL;
    }
    /* Each step is (anchor length, bit table of 2**(32 - shift) bits, little-endian). */
    const unsigned char *tables[MAX_STEPS];
    Py_ssize_t need = ((Py_ssize_t)1 << (32 - shift)) / 8;
    int prev = 0;
    for (Py_ssize_t s = 0; s < nsteps; s++) {
        PyObject *step = PyTuple_GET_ITEM(steps, s);
        PyObject *table;
        if (!PyArg_ParseTuple(step, "iS:anchor_hits step", &ks[s], &table)) return NULL;
        if (ks[s] <= prev || ks[s] > 6) {
            PyErr_SetString(PyExc_ValueError, "anchor lengths must rise, from 1 to 6");
            return NULL;
        }
        if (PyBytes_GET_SIZE(table) < need) {
            PyErr_SetString(PyExc_ValueError, "bit table too small for the shift");
            return NULL;
        }
        tables[s] = (const unsigned char *)PyBytes_AS_STRING(table);
        prev = ks[s];
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(nsteps);
    if (out == NULL) return NULL;
    for (Py_ssize_t s = 0; s < nsteps; s++) {
        PyObject *lst = PyList_New(0);
        if (lst == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, s, lst);
    }
    uint32_t *cps = code_points(text, n);
    if (cps == NULL) {
        Py_DECREF(out);
        return NULL;
    }
    /* Hashes of the slices of the current length, extended in place per step
     * (two-character hashes, then four-character ones, ...). */
    uint32_t *h = PyMem_Calloc((size_t)(n > 0 ? n : 1), sizeof(uint32_t));
    if (h == NULL) {
        PyMem_Free(cps);
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    int done = 0;
    for (Py_ssize_t s = 0; s < nsteps; s++) {
        int k = ks[s];
        Py_ssize_t m = n - k + 1;
        if (m <= 0) break;
        for (; done < k; done++) {
            const uint32_t mult = MULT[done];
            const uint32_t *c = cps + done;
            for (Py_ssize_t q = 0; q < m; q++) h[q] += c[q] * mult;
        }
        const unsigned char *tab = tables[s];
        PyObject *lst = PyList_GET_ITEM(out, s);
        for (Py_ssize_t q = 0; q < m; q++) {
            uint32_t slot = h[q] >> shift;
            if ((tab[slot >> 3] >> (slot & 7)) & 1) {
                PyObject *pos = PyLong_FromSsize_t(q);
                if (pos == NULL || PyList_Append(lst, pos) < 0) {
                    Py_XDECREF(pos);
                    PyMem_Free(h);
                    PyMem_Free(cps);
                    Py_DECREF(out);
                    return NULL;
                }
                Py_DECREF(pos);
            }
        }
    }
    PyMem_Free(h);
    PyMem_Free(cps);
    return out;
}

static PyObject *anchor_hits(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *steps;
    unsigned int shift;
    int ks[MAX_STEPS];
    if (!PyArg_ParseTuple(args, "UIO!:anchor_hits", &text, &shift, &PyTuple_Type, &steps))
        return NULL;
    return filter_positions(text, shift, steps, ks);
}

/* The Matcher's whole search: the filter, then at each position the words of the
 * anchor found there (anchors: anchor -> [(word index, anchor's offset, word)]),
 * checked in full.  (word index, start, end) per occurrence, in the order the
 * Python loop over anchor_hits' positions finds them. */
static PyObject *anchor_matches(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *steps, *anchors;
    unsigned int shift;
    int ks[MAX_STEPS];
    if (!PyArg_ParseTuple(args, "UIO!O!:anchor_matches", &text, &shift, &PyTuple_Type, &steps,
                          &PyDict_Type, &anchors))
        return NULL;
    PyObject *hits = filter_positions(text, shift, steps, ks);
    if (hits == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) goto fail;
    for (Py_ssize_t s = 0; s < PyList_GET_SIZE(hits); s++) {
        PyObject *found = PyList_GET_ITEM(hits, s);
        int k = ks[s];
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(found); j++) {
            Py_ssize_t q = PyLong_AsSsize_t(PyList_GET_ITEM(found, j));
            PyObject *key = PyUnicode_Substring(text, q, q + k);
            if (key == NULL) goto fail;
            PyObject *entries = PyDict_GetItemWithError(anchors, key);  /* borrowed */
            Py_DECREF(key);
            if (entries == NULL) {
                if (PyErr_Occurred()) goto fail;
                continue;
            }
            if (!PyList_Check(entries)) {
                PyErr_SetString(PyExc_TypeError, "anchors must map to lists");
                goto fail;
            }
            for (Py_ssize_t e = 0; e < PyList_GET_SIZE(entries); e++) {
                PyObject *item = PyList_GET_ITEM(entries, e);
                if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 3
                        || !PyUnicode_Check(PyTuple_GET_ITEM(item, 2))) {
                    PyErr_SetString(PyExc_TypeError, "anchor entries are (index, offset, word)");
                    goto fail;
                }
                Py_ssize_t off = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 1));
                if (off == -1 && PyErr_Occurred()) goto fail;
                PyObject *word = PyTuple_GET_ITEM(item, 2);
                Py_ssize_t start = q - off, len = PyUnicode_GET_LENGTH(word);
                if (start < 0 || start + len > n) continue;
                Py_ssize_t match = PyUnicode_Tailmatch(text, word, start, start + len, -1);
                if (match < 0) goto fail;
                if (!match) continue;
                PyObject *m = Py_BuildValue("(Onn)", PyTuple_GET_ITEM(item, 0), start, start + len);
                if (m == NULL || PyList_Append(out, m) < 0) {
                    Py_XDECREF(m);
                    goto fail;
                }
                Py_DECREF(m);
            }
        }
    }
    Py_DECREF(hits);
    return out;
fail:
    Py_DECREF(hits);
    Py_XDECREF(out);
    return NULL;
}

static PyObject *script_counts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *table;
    int ncodes;
    if (!PyArg_ParseTuple(args, "USi:script_counts", &text, &table, &ncodes)) return NULL;
    Py_ssize_t size = PyBytes_GET_SIZE(table);
    if (size < 1 || ncodes < 1 || ncodes > 256) {
        PyErr_SetString(PyExc_ValueError, "need a non-empty table and 1..256 codes");
        return NULL;
    }
    const unsigned char *tab = (const unsigned char *)PyBytes_AS_STRING(table);
    Py_ssize_t counts[256] = {0};
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    uint32_t last = (uint32_t)(size - 1);
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t cp = PyUnicode_READ(kind, data, i);
        counts[tab[cp < last ? cp : last]]++;
    }
    PyObject *out = PyList_New(ncodes);
    if (out == NULL) return NULL;
    for (int c = 0; c < ncodes; c++) {
        PyObject *v = PyLong_FromSsize_t(counts[c]);
        if (v == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, c, v);
    }
    /* A table value past ncodes is the caller's error: say so rather than drop it. */
    for (int c = ncodes; c < 256; c++) {
        if (counts[c]) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_ValueError, "table holds a code past ncodes");
            return NULL;
        }
    }
    return out;
}

static PyObject *contains_any(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *chars;
    if (!PyArg_ParseTuple(args, "UU:contains_any", &text, &chars)) return NULL;
    Py_ssize_t nc = PyUnicode_GET_LENGTH(chars);
    int ckind = PyUnicode_KIND(chars);
    const void *cdata = PyUnicode_DATA(chars);
    /* A bit per BMP code point (8 KB); astral characters are looked up in a list. */
    unsigned char bmp[8192];
    memset(bmp, 0, sizeof bmp);
    Py_UCS4 lo = 0x10FFFF, astral[64];
    int nastral = 0;
    for (Py_ssize_t j = 0; j < nc; j++) {
        Py_UCS4 c = PyUnicode_READ(ckind, cdata, j);
        if (c < lo) lo = c;
        if (c < 0x10000) {
            bmp[c >> 3] |= (unsigned char)(1u << (c & 7));
        } else if (nastral < 64) {
            astral[nastral++] = c;
        } else {
            PyErr_SetString(PyExc_ValueError, "at most 64 characters past U+FFFF");
            return NULL;
        }
    }
    if (nc == 0 || PyUnicode_MAX_CHAR_VALUE(text) < lo) Py_RETURN_FALSE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000) {
            if ((bmp[c >> 3] >> (c & 7)) & 1) Py_RETURN_TRUE;
        } else {
            for (int j = 0; j < nastral; j++)
                if (astral[j] == c) Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

/* re's classes for str patterns (_sre: SRE_UNI_IS_WORD, SRE_UNI_IS_DIGIT). */
static inline int re_word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }
/* [^\W\d_]: a word character that is neither a decimal digit nor "_". */
static inline int re_letter(Py_UCS4 c) {
    return c != '_' && Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

/* [^\W\d_] and \w, with ASCII answered without the Unicode database. */
static inline int letter_at(Py_UCS4 c) {
    if (c < 128) return (c | 32) - 'a' < 26;
    return re_letter(c);
}
static inline int word_at(Py_UCS4 c) {
    if (c < 128) return (c | 32) - 'a' < 26 || c - '0' < 10 || c == '_';
    return re_word(c);
}

/* The loop of spaced_hint for one string kind (T: Py_UCS1, Py_UCS2 or Py_UCS4). */
#define SPACED_LOOP(T)                                                              \
    do {                                                                            \
        const T *p = data;                                                          \
        for (Py_ssize_t i = 0; i + 5 < n; i++) {                                    \
            Py_UCS4 sep = p[i];                                                     \
            if (sep > 0xFF || !is_sep[sep]) continue;                               \
            if (p[i + 2] == sep && p[i + 4] == sep && letter_at(p[i + 1])           \
                    && letter_at(p[i + 3]) && letter_at(p[i + 5])                   \
                    && (i + 6 == n || !word_at(p[i + 6])))                          \
                Py_RETURN_TRUE;                                                     \
        }                                                                           \
    } while (0)

static PyObject *spaced_hint(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *seps;
    if (!PyArg_ParseTuple(args, "UU:spaced_hint", &text, &seps)) return NULL;
    /* The separators, all below U+0100, as a table of Latin-1. */
    unsigned char is_sep[256] = {0};
    Py_ssize_t ns = PyUnicode_GET_LENGTH(seps);
    for (Py_ssize_t j = 0; j < ns; j++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(seps, j);
        if (c > 0xFF) {
            PyErr_SetString(PyExc_ValueError, "separators must be below U+0100");
            return NULL;
        }
        is_sep[c] = 1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: SPACED_LOOP(Py_UCS1); break;
    case PyUnicode_2BYTE_KIND: SPACED_LOOP(Py_UCS2); break;
    default: SPACED_LOOP(Py_UCS4); break;
    }
    Py_RETURN_FALSE;
}

static inline int cyrillic_greek(Py_UCS4 c) { return c >= 0x370 && c <= 0x52F; }

/* Whether an ASCII lower-case letter stands next to a Cyrillic or Greek letter
 * (U+0370-U+052F), as in a word that mixes the scripts ("vіagra"). */
static PyObject *latin_touches_cyrillic_greek(PyObject *self, PyObject *arg) {
    (void)self;
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "latin_touches_cyrillic_greek() takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    if (kind == PyUnicode_1BYTE_KIND) Py_RETURN_FALSE;
    int prev_latin = 0, prev_cg = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int latin = c - 'a' < 26, cg = cyrillic_greek(c);
        if ((latin && prev_cg) || (cg && prev_latin)) Py_RETURN_TRUE;
        prev_latin = latin;
        prev_cg = cg;
    }
    Py_RETURN_FALSE;
}

/* Runs of letters whose class (table[min(cp, len - 1)]) is in `mask`, with ASCII
 * digits inside, joined across 1-3 separators that a letter of the mask follows:
 * what re finds with  L[L0-9]*(?:S{1,3}L[L0-9]*)*  (scripts._foreign_run_re),
 * backtracking included (a separator may also be a letter: "・" is Kana). */
static PyObject *class_runs(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *table, *seps;
    unsigned long long mask;
    if (!PyArg_ParseTuple(args, "USKU:class_runs", &text, &table, &mask, &seps)) return NULL;
    Py_ssize_t size = PyBytes_GET_SIZE(table);
    if (size < 1) {
        PyErr_SetString(PyExc_ValueError, "empty table");
        return NULL;
    }
    const unsigned char *tab = (const unsigned char *)PyBytes_AS_STRING(table);
    uint32_t last = (uint32_t)(size - 1);
    Py_ssize_t ns = PyUnicode_GET_LENGTH(seps);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
#define CP(i) PyUnicode_READ(kind, data, (i))
#define IN_MASK(c) (tab[(c) < last ? (c) : last] < 64 && ((mask >> tab[(c) < last ? (c) : last]) & 1))
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = CP(i);
        if (!IN_MASK(c)) {
            i++;
            continue;
        }
        Py_ssize_t start = i, j = i + 1;
        for (;;) {
            while (j < n) {
                Py_UCS4 d = CP(j);
                if (!(IN_MASK(d) || (d >= '0' && d <= '9'))) break;
                j++;
            }
            /* Up to three separators, then a letter: the most separators first. */
            int m = 0;
            while (m < 3 && j + m < n) {
                Py_UCS4 d = CP(j + m);
                int is_sep = 0;
                for (Py_ssize_t k = 0; k < ns; k++)
                    if (PyUnicode_READ_CHAR(seps, k) == d) { is_sep = 1; break; }
                if (!is_sep) break;
                m++;
            }
            int extended = 0;
            for (int t = m; t >= 1; t--) {
                if (j + t < n) {
                    Py_UCS4 d = CP(j + t);
                    if (IN_MASK(d)) {
                        j = j + t + 1;
                        extended = 1;
                        break;
                    }
                }
            }
            if (!extended) break;
        }
        PyObject *span = Py_BuildValue("(nn)", start, j);
        if (span == NULL || PyList_Append(out, span) < 0) {
            Py_XDECREF(span);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(span);
        i = j;
    }
#undef CP
#undef IN_MASK
    return out;
}

/* A small set of characters with a class each (1, 2 or both): a table for Latin-1,
 * a sorted list past it. */
#define MAX_WIDE 256
typedef struct {
    unsigned char low[256];
    Py_UCS4 wide[MAX_WIDE];
    unsigned char wide_cls[MAX_WIDE];
    int nwide;
} CharClasses;

static int add_class(CharClasses *cc, PyObject *chars, unsigned char bit) {
    Py_ssize_t m = PyUnicode_GET_LENGTH(chars);
    for (Py_ssize_t j = 0; j < m; j++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(chars, j);
        if (c < 256) {
            cc->low[c] |= bit;
            continue;
        }
        int k = 0;
        while (k < cc->nwide && cc->wide[k] < c) k++;
        if (k < cc->nwide && cc->wide[k] == c) {
            cc->wide_cls[k] |= bit;
            continue;
        }
        if (cc->nwide == MAX_WIDE) {
            PyErr_SetString(PyExc_ValueError, "at most 256 characters past U+00FF");
            return -1;
        }
        memmove(cc->wide + k + 1, cc->wide + k, (size_t)(cc->nwide - k) * sizeof(Py_UCS4));
        memmove(cc->wide_cls + k + 1, cc->wide_cls + k, (size_t)(cc->nwide - k));
        cc->wide[k] = c;
        cc->wide_cls[k] = bit;
        cc->nwide++;
    }
    return 0;
}

static inline unsigned char class_of(const CharClasses *cc, Py_UCS4 c) {
    if (c < 256) return cc->low[c];
    int lo = 0, hi = cc->nwide;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cc->wide[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < cc->nwide && cc->wide[lo] == c ? cc->wide_cls[lo] : 0;
}

/* Spans that start and end with a character of `ends` and hold only characters of
 * `ends` or `inner` between, at least min_len in all, leftmost first and each as
 * long as it can be: what re finds with  [E][EI]{k,}[E]  (k = min_len - 2), as
 * lures._DIGITS_RE finds digit runs. */
static PyObject *class_spans(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *ends, *inner;
    Py_ssize_t min_len;
    if (!PyArg_ParseTuple(args, "UUUn:class_spans", &text, &ends, &inner, &min_len)) return NULL;
    if (min_len < 2) {
        PyErr_SetString(PyExc_ValueError, "min_len must be at least 2");
        return NULL;
    }
    CharClasses cc;
    memset(&cc, 0, sizeof cc);
    if (add_class(&cc, ends, 1) < 0 || add_class(&cc, inner, 2) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!(class_of(&cc, PyUnicode_READ(kind, data, i)) & 1)) {
            i++;
            continue;
        }
        /* The longest stretch of the classes from i, then back to its last end character. */
        Py_ssize_t j = i + 1;
        while (j < n && class_of(&cc, PyUnicode_READ(kind, data, j))) j++;
        Py_ssize_t last = j - 1;
        while (last > i && !(class_of(&cc, PyUnicode_READ(kind, data, last)) & 1)) last--;
        if (last - i + 1 >= min_len) {
            PyObject *span = Py_BuildValue("(nn)", i, last + 1);
            if (span == NULL || PyList_Append(out, span) < 0) {
                Py_XDECREF(span);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(span);
            i = last + 1;
        } else {
            /* A later start in this stretch ends at the same last end character:
             * shorter still.  The search goes on after the stretch. */
            i = j;
        }
    }
    return out;
}

/* model._POS_MULT: one odd 64-bit multiplier per position in an n-gram (n <= 4). */
static const uint64_t POS_MULT[4] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full,
                                     0x165667B19E3779F9ull, 0xD6E8FEB86659FD93ull};

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Per text: the sorted distinct buckets of its character n-grams (lo <= n <= hi) and
 * their counts divided by the counts' L2 norm, as two byte strings (int64 and
 * float64), the way model.hashed_ngrams_many computes them in numpy: an n-gram's
 * hash is the wrapped sum of its code points times POS_MULT plus n, its bucket the
 * hash's top `bits` bits.  The texts come padded and lower-cased. */
static PyObject *hashed_ngrams(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *texts;
    int lo, hi, bits;
    if (!PyArg_ParseTuple(args, "O!iii:hashed_ngrams", &PyList_Type, &texts, &lo, &hi, &bits))
        return NULL;
    if (lo < 1 || hi > 4 || lo > hi || bits < 1 || bits > 62) {
        PyErr_SetString(PyExc_ValueError, "need 1 <= lo <= hi <= 4 and 1 <= bits <= 62");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(texts);
    PyObject *out = PyList_New(count);
    if (out == NULL) return NULL;
    unsigned shift = 64u - (unsigned)bits;
    for (Py_ssize_t t = 0; t < count; t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_TypeError, "hashed_ngrams() takes a list of str");
            return NULL;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t total = 0;
        for (int g = lo; g <= hi; g++)
            if (n >= g) total += n - g + 1;
        uint64_t *keys = PyMem_Malloc((size_t)(total > 0 ? total : 1) * sizeof(uint64_t));
        if (keys == NULL) {
            Py_DECREF(out);
            return PyErr_NoMemory();
        }
        Py_ssize_t k = 0;
        for (int g = lo; g <= hi; g++) {
            for (Py_ssize_t i = 0; i + g <= n; i++) {
                uint64_t h = (uint64_t)g;
                for (int j = 0; j < g; j++)
                    h += (uint64_t)PyUnicode_READ(kind, data, i + j) * POS_MULT[j];
                keys[k++] = h >> shift;
            }
        }
        qsort(keys, (size_t)total, sizeof(uint64_t), cmp_u64);
        Py_ssize_t uniq = 0;
        for (Py_ssize_t i = 0; i < total; i++)
            if (i == 0 || keys[i] != keys[i - 1]) uniq++;
        PyObject *b_idx = PyBytes_FromStringAndSize(NULL, uniq * (Py_ssize_t)sizeof(int64_t));
        PyObject *b_val = PyBytes_FromStringAndSize(NULL, uniq * (Py_ssize_t)sizeof(double));
        if (b_idx == NULL || b_val == NULL) {
            Py_XDECREF(b_idx);
            Py_XDECREF(b_val);
            PyMem_Free(keys);
            Py_DECREF(out);
            return NULL;
        }
        int64_t *idx = (int64_t *)PyBytes_AS_STRING(b_idx);
        double *val = (double *)PyBytes_AS_STRING(b_val);
        Py_ssize_t u = -1;
        for (Py_ssize_t i = 0; i < total; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                u++;
                idx[u] = (int64_t)keys[i];
                val[u] = 0.0;
            }
            val[u] += 1.0;
        }
        /* Counts are small integers: their squares sum exactly in any order. */
        double sq = 0.0;
        for (Py_ssize_t i = 0; i < uniq; i++) sq += val[i] * val[i];
        double norm = sqrt(sq);
        for (Py_ssize_t i = 0; i < uniq; i++) val[i] /= norm;
        PyMem_Free(keys);
        PyObject *pair = PyTuple_Pack(2, b_idx, b_val);
        Py_DECREF(b_idx);
        Py_DECREF(b_val);
        if (pair == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, t, pair);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"anchor_matches", anchor_matches, METH_VARARGS,
     "anchor_matches(text, shift, steps, anchors) -> [(word index, start, end), ...]:\n"
     "anchor_hits' positions checked against the words of their anchors."},
    {"anchor_hits", anchor_hits, METH_VARARGS,
     "anchor_hits(text, shift, steps) -> list of positions per step\n\n"
     "steps: ((anchor length, bit table), ...), lengths rising.  A position q is\n"
     "listed under a step when the hash of text[q:q+k] has its bit set."},
    {"script_counts", script_counts, METH_VARARGS,
     "script_counts(text, table, ncodes) -> list of ncodes counts\n\n"
     "Each code point counts for table[min(cp, len(table) - 1)]."},
    {"contains_any", contains_any, METH_VARARGS,
     "contains_any(text, chars) -> bool: whether text holds any character of chars."},
    {"latin_touches_cyrillic_greek", latin_touches_cyrillic_greek, METH_O,
     "latin_touches_cyrillic_greek(text) -> bool: whether a letter a-z stands next\n"
     "to a letter of U+0370-U+052F."},
    {"hashed_ngrams", hashed_ngrams, METH_VARARGS,
     "hashed_ngrams(texts, lo, hi, bits) -> [(int64 buckets, float64 values), ...]: per\n"
     "padded text, its n-grams' sorted buckets and L2-normalised counts, as bytes."},
    {"class_spans", class_spans, METH_VARARGS,
     "class_spans(text, ends, inner, min_len) -> [(start, end), ...]: what re finds with\n"
     "[E][EI]{min_len-2,}[E] for the characters E of ends and I of inner."},
    {"class_runs", class_runs, METH_VARARGS,
     "class_runs(text, table, mask, seps) -> [(start, end), ...]: runs of letters of the\n"
     "classes in mask (bits of table values), digits inside, joined over 1-3 seps."},
    {"spaced_hint", spaced_hint, METH_VARARGS,
     "spaced_hint(text, seps) -> bool: whether text holds s L s L s L (not followed\n"
     "by a word character) for a separator s of seps and letters L (re's [^\\W\\d_])."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleantext._speedups",
    "Compiled per-character loops (optional; numpy versions are the fallback).", -1, methods,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
