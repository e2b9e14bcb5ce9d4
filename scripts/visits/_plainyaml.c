/* The fast reader of fastyaml.py, compiled: the same plain subset, the same answers.
 *
 * It reads a record file's raw bytes and returns its value, or None whenever the
 * bytes leave the subset or hold anything the strict loader (or its decoding step)
 * might refuse; the caller then runs the strict loader, which alone decides what is
 * wrong and where. tests/test_fastyaml.py holds it to the Python reader and to the
 * strict loader. Keys and short texts come back interned, as records.compact would
 * make them, so 100,000 records share one copy of each field name, date and id.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define INTERN_UP_TO 40 /* records.compact interns texts of at most 40 characters */

typedef struct {
    const char *start;
    Py_ssize_t length;
} Line;

typedef struct {
    Line *lines;
    Py_ssize_t count;
    Py_ssize_t index;
    long max_depth;
    Py_ssize_t values_left;
} Reader;

/* Returned (as NULL) when the text leaves the subset; a set Python error means more. */
#define UNSURE NULL

static Py_ssize_t indent_of(const Line *line)
{
    Py_ssize_t n = 0;
    while (n < line->length && line->start[n] == ' ')
        n++;
    return n;
}

static int blank(const Line *line) { return indent_of(line) == line->length; }

static int starts_dash(const Line *line, Py_ssize_t at)
{
    return line->length >= at + 2 && line->start[at] == '-' && line->start[at + 1] == ' ';
}

/* PLAIN_FIRST: may start a plain scalar; PLAIN_NEVER: may not appear in one */
enum { PLAIN_FIRST = 1, PLAIN_NEVER = 2 };
static unsigned char classes[256];

static void classify(void)
{
    for (int c = 0; c < 256; c++)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
            (c && strchr(".+()/", c)))
            classes[c] |= PLAIN_FIRST;
    for (const char *c = ":#'\"\\\t[]{},&*!|>%@`"; *c; c++)
        classes[(unsigned char)*c] |= PLAIN_NEVER;
}

static int is_word_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static int is_word(char c) { return is_word_start(c) || (c >= '0' && c <= '9'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Every byte is text the strict path would keep as it is: no tab or carriage return
 * (the Python reader declines them), no control, bidi, BOM or noncharacter code point,
 * and well-formed UTF-8. Anything else is left to decode() and the strict loader. */
static int clean_utf8(const unsigned char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n') || c == 0x7f)
                return 0;
            i++;
            continue;
        }
        unsigned long cp;
        int extra;
        if (c >= 0xc2 && c <= 0xdf) { cp = c & 0x1f; extra = 1; }
        else if (c >= 0xe0 && c <= 0xef) { cp = c & 0x0f; extra = 2; }
        else if (c >= 0xf0 && c <= 0xf4) { cp = c & 0x07; extra = 3; }
        else return 0;
        if (i + extra >= n)
            return 0; /* cut short */
        for (int k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0; /* overlong */
        if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x061c || cp == 0x200e ||
            cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
            cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
            return 0;
        i += extra + 1;
    }
    return 1;
}

/* Field names, enums, dates and ids repeat across thousands of files: the last text
 * seen for each slot of a small table, found by its bytes, spares decoding it and
 * looking it up among the interned strings (half the reader's time without it). */
#define SEEN_SLOTS 4096
static struct {
    Py_ssize_t size;
    char bytes[INTERN_UP_TO];
    PyObject *text; /* interned; the table keeps a reference */
} seen[SEEN_SLOTS];

static PyObject *text_of(const char *s, Py_ssize_t n, Py_ssize_t intern_up_to)
{
    unsigned long hash = 2166136261u;
    int cached = n <= INTERN_UP_TO;
    if (cached) {
        for (Py_ssize_t i = 0; i < n; i++)
            hash = (hash ^ (unsigned char)s[i]) * 16777619u;
        hash %= SEEN_SLOTS;
        if (seen[hash].text != NULL && seen[hash].size == n && memcmp(seen[hash].bytes, s, n) == 0) {
            Py_INCREF(seen[hash].text);
            return seen[hash].text;
        }
    }
    PyObject *text = PyUnicode_DecodeUTF8(s, n, "strict");
    if (text != NULL && PyUnicode_GET_LENGTH(text) <= intern_up_to) {
        PyUnicode_InternInPlace(&text);
        if (cached) {
            Py_XSETREF(seen[hash].text, Py_NewRef(text));
            seen[hash].size = n;
            memcpy(seen[hash].bytes, s, n);
        }
    }
    return text;
}

static int matches_int(const char *s, Py_ssize_t n)
{
    Py_ssize_t i = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i >= n)
        return 0;
    if (s[i] == '0')
        return i + 1 == n;
    for (; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

static int matches_float(const char *s, Py_ssize_t n)
{
    Py_ssize_t i = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i >= n || !is_digit(s[i]))
        return 0;
    if (s[i] == '0')
        i++;
    else
        while (i < n && is_digit(s[i]))
            i++;
    if (i < n && s[i] == '.') {
        Py_ssize_t digits = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == digits)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        Py_ssize_t digits = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == digits)
            return 0;
    }
    return i == n;
}

static int equals(const char *s, Py_ssize_t n, const char *word)
{
    return (Py_ssize_t)strlen(word) == n && memcmp(s, word, n) == 0;
}

static const char *NULLS[] = {"null", "Null", "NULL", NULL};
static const char *TRUES[] = {"true", "True", "TRUE", NULL};
static const char *FALSES[] = {"false", "False", "FALSE", NULL};

static int one_of(const char *s, Py_ssize_t n, const char **words)
{
    if (n != 4 && n != 5) /* null, true, false in their three spellings */
        return 0;
    for (; *words; words++)
        if (equals(s, n, *words))
            return 1;
    return 0;
}

/* yamlstrict.resolve_plain, for text the plain-scalar test let through */
static PyObject *resolve_plain(const char *s, Py_ssize_t n)
{
    if (one_of(s, n, NULLS))
        Py_RETURN_NONE;
    if (one_of(s, n, TRUES))
        Py_RETURN_TRUE;
    if (one_of(s, n, FALSES))
        Py_RETURN_FALSE;
    int integer = matches_int(s, n);
    if (integer && n <= 18) { /* fits a long long: the same value as int(text) */
        long long value = 0;
        for (Py_ssize_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0; i < n; i++)
            value = value * 10 + (s[i] - '0');
        return PyLong_FromLongLong(s[0] == '-' ? -value : value);
    }
    if (integer || matches_float(s, n)) {
        PyObject *text = PyUnicode_DecodeUTF8(s, n, "strict");
        if (text == NULL)
            return NULL;
        PyObject *number = integer ? PyLong_FromUnicodeObject(text, 10) : PyFloat_FromString(text);
        Py_DECREF(text);
        return number;
    }
    return text_of(s, n, INTERN_UP_TO);
}

static PyObject *quoted(const char *s, Py_ssize_t n)
{
    /* '"' (plain characters | \" \\ \n \t)* '"', and no backslash before a slash anywhere:
     * the Python reader's json.loads-compatible subset */
    char *buffer = PyMem_Malloc(n > 0 ? n : 1);
    if (buffer == NULL)
        return PyErr_NoMemory();
    Py_ssize_t size = 0, i = 1;
    int closed = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') {
            closed = i == n - 1;
            break;
        }
        if (c == '\\') {
            char next = i + 1 < n ? s[i + 1] : '\0';
            if (next == '"' || next == '\\')
                buffer[size++] = next;
            else if (next == 'n')
                buffer[size++] = '\n';
            else if (next == 't')
                buffer[size++] = '\t';
            else
                break; /* \/ and every other escape: unsure */
            if (next == '\\' && i + 2 < n && s[i + 2] == '/')
                break;
            i += 2;
            continue;
        }
        buffer[size++] = c;
        i++;
    }
    PyObject *value = closed ? text_of(buffer, size, INTERN_UP_TO) : UNSURE;
    PyMem_Free(buffer);
    return value;
}

static PyObject *scalar(const char *s, Py_ssize_t n)
{
    if (n > 0 && s[0] == '"')
        return quoted(s, n);
    if (equals(s, n, "[]"))
        return PyList_New(0);
    if (equals(s, n, "{}"))
        return PyDict_New();
    if (n == 0 || !(classes[(unsigned char)s[0]] & PLAIN_FIRST) || s[n - 1] == ' ')
        return UNSURE;
    for (Py_ssize_t i = 1; i < n; i++)
        if (classes[(unsigned char)s[i]] & PLAIN_NEVER)
            return UNSURE;
    return resolve_plain(s, n);
}

static int count_value(Reader *r)
{
    return --r->values_left >= 0;
}

static int skip(Reader *r)
{
    while (r->index < r->count) {
        const Line *line = &r->lines[r->index];
        Py_ssize_t indent = indent_of(line);
        if (indent < line->length && line->start[indent] != '#')
            return 1;
        if (indent < line->length && indent != 0)
            return 0; /* an indented comment could sit inside a block scalar */
        r->index++;
    }
    return 1;
}

static Py_ssize_t current_indent(Reader *r)
{
    return r->index < r->count ? indent_of(&r->lines[r->index]) : -1;
}

/* "key:" or "key: rest" from `at`; the key's length, or -1 when it is no such line */
static Py_ssize_t key_at(const Line *line, Py_ssize_t at)
{
    const char *s = line->start;
    Py_ssize_t i = at;
    if (i >= line->length || !is_word_start(s[i]))
        return -1;
    while (i < line->length && is_word(s[i]))
        i++;
    if (i >= line->length || s[i] != ':')
        return -1;
    if (i + 1 < line->length && s[i + 1] != ' ')
        return -1;
    return i - at;
}

static PyObject *sequence(Reader *r, Py_ssize_t indent, long depth);
static PyObject *literal(Reader *r, Py_ssize_t indent, int keep);

static PyObject *block(Reader *r, Py_ssize_t indent, long depth);

/* `from_dash`: the first entry sits on the current line after "- " */
static PyObject *mapping(Reader *r, Py_ssize_t indent, long depth, int from_dash)
{
    if (depth + 1 > r->max_depth)
        return UNSURE; /* the strict loader reports the depth, with its position */
    PyObject *result = PyDict_New();
    if (result == NULL)
        return NULL;
    while (r->index < r->count) {
        const Line *line = &r->lines[r->index];
        if (!from_dash && indent_of(line) != indent) {
            if (indent_of(line) > indent)
                goto unsure;
            break;
        }
        from_dash = 0;
        Py_ssize_t key_length = key_at(line, indent);
        if (key_length < 0)
            goto unsure;
        const char *key_start = line->start + indent;
        if (one_of(key_start, key_length, NULLS) || one_of(key_start, key_length, TRUES) ||
            one_of(key_start, key_length, FALSES))
            goto unsure; /* keys YAML reads as null or true: the strict loader reports them */
        PyObject *key = text_of(key_start, key_length, PY_SSIZE_T_MAX);
        if (key == NULL)
            goto fail;
        int seen = PyDict_Contains(result, key);
        if (seen != 0 || !count_value(r)) {
            Py_DECREF(key);
            goto unsure;
        }
        Py_ssize_t rest_at = indent + key_length + 2; /* past ": " */
        const char *rest = line->start + rest_at;
        Py_ssize_t rest_length = line->length - rest_at;
        r->index++;
        PyObject *value;
        if (rest_length <= 0) {
            if (!skip(r)) {
                Py_DECREF(key);
                goto unsure;
            }
            Py_ssize_t child = current_indent(r);
            if (child > indent)
                value = block(r, child, depth + 1);
            else if (child == indent && starts_dash(&r->lines[r->index], indent))
                value = sequence(r, indent, depth + 1);
            else {
                value = Py_None;
                Py_INCREF(value);
            }
        } else if (equals(rest, rest_length, "|") || equals(rest, rest_length, "|-"))
            value = literal(r, indent, rest_length == 1);
        else
            value = scalar(rest, rest_length);
        if (value == NULL || PyDict_SetItem(result, key, value) < 0) {
            Py_DECREF(key);
            Py_XDECREF(value);
            goto fail;
        }
        Py_DECREF(key);
        Py_DECREF(value);
        if (!skip(r))
            goto unsure;
    }
    return result;
unsure:
fail:
    Py_DECREF(result);
    return NULL;
}

static PyObject *sequence(Reader *r, Py_ssize_t indent, long depth)
{
    if (depth + 1 > r->max_depth)
        return UNSURE;
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return NULL;
    while (r->index < r->count) {
        const Line *line = &r->lines[r->index];
        if (indent_of(line) != indent || !starts_dash(line, indent))
            break;
        Py_ssize_t at = indent + 2;
        const char *rest = line->start + at;
        Py_ssize_t rest_length = line->length - at;
        PyObject *item;
        if (!count_value(r))
            goto fail;
        if (key_at(line, at) >= 0)
            item = mapping(r, at, depth + 1, 1);
        else if (rest_length == 0 || rest[0] == ' ' || rest[0] == '-' || rest[0] == '|' || rest[0] == '>')
            goto fail; /* nested lists, blocks and empty items: the strict loader's */
        else {
            item = scalar(rest, rest_length);
            r->index++;
            if (item != NULL && !skip(r)) {
                Py_DECREF(item);
                goto fail;
            }
        }
        if (item == NULL || PyList_Append(items, item) < 0) {
            Py_XDECREF(item);
            goto fail;
        }
        Py_DECREF(item);
    }
    if (current_indent(r) > indent)
        goto fail;
    return items;
fail:
    Py_DECREF(items);
    return NULL;
}

static PyObject *block(Reader *r, Py_ssize_t indent, long depth)
{
    if (depth > r->max_depth || r->index >= r->count)
        return UNSURE;
    if (starts_dash(&r->lines[r->index], indent))
        return sequence(r, indent, depth);
    return mapping(r, indent, depth, 0);
}

static PyObject *literal(Reader *r, Py_ssize_t indent, int keep)
{
    Py_ssize_t start = r->index;
    if (start >= r->count || blank(&r->lines[start]) || indent_of(&r->lines[start]) <= indent)
        return UNSURE; /* empty or oddly indented blocks are rare: be strict-loader exact */
    Py_ssize_t width = indent_of(&r->lines[start]);
    Py_ssize_t end = start, last = start; /* last: one past the last line with text */
    while (end < r->count) {
        const Line *line = &r->lines[end];
        if (!blank(line) && indent_of(line) < width)
            break;
        if (blank(line) && line->length > width)
            return UNSURE; /* spaces beyond the indentation are content: rare, leave it */
        end++;
        if (!blank(line))
            last = end;
    }
    if (end == r->count && r->lines[r->count - 1].length != 0)
        return UNSURE; /* a block ending the file without a final newline */
    r->index = end;
    Py_ssize_t size = 0;
    for (Py_ssize_t i = start; i < last; i++)
        size += (blank(&r->lines[i]) ? 0 : r->lines[i].length - width) + 1;
    char *buffer = PyMem_Malloc(size + 1);
    if (buffer == NULL)
        return PyErr_NoMemory();
    char *out = buffer;
    for (Py_ssize_t i = start; i < last; i++) {
        const Line *line = &r->lines[i];
        if (!blank(line)) {
            memcpy(out, line->start + width, line->length - width);
            out += line->length - width;
        }
        *out++ = '\n';
    }
    Py_ssize_t length = out - buffer;
    if (!keep && length > 0)
        length--; /* "|-" strips the final line break */
    PyObject *value = text_of(buffer, length, INTERN_UP_TO);
    PyMem_Free(buffer);
    return value;
}

static PyObject *load(PyObject *module, PyObject *args)
{
    Py_buffer raw;
    long max_depth;
    Py_ssize_t max_values;
    if (!PyArg_ParseTuple(args, "y*ln:load", &raw, &max_depth, &max_values))
        return NULL;
    const char *s = raw.buf;
    Py_ssize_t n = raw.len;
    PyObject *value = NULL;
    Line *lines = NULL;
    Py_ssize_t count = 1, content = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            count++;
        else if (s[i] != ' ')
            content = 1;
    }
    if (!content || !clean_utf8((const unsigned char *)s, n))
        goto done;
    lines = PyMem_Malloc(count * sizeof(Line));
    if (lines == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t line = 0, begin = 0;
    for (Py_ssize_t i = 0; i <= n; i++)
        if (i == n || s[i] == '\n') {
            lines[line].start = s + begin;
            lines[line].length = i - begin;
            line++;
            begin = i + 1;
        }
    /* the root is a value too, as the strict loader counts them */
    Reader reader = {lines, count, 0, max_depth, max_values - 1};
    if (skip(&reader) && reader.index < reader.count) {
        value = block(&reader, 0, 0);
        if (value != NULL && (!skip(&reader) || reader.index != reader.count || !PyDict_Check(value)))
            Py_CLEAR(value);
    }
done:
    PyMem_Free(lines);
    PyBuffer_Release(&raw);
    if (value != NULL)
        return value;
    if (PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_MemoryError))
            return NULL;
        PyErr_Clear(); /* e.g. an integer too long to convert: the strict path decides */
    }
    Py_RETURN_NONE;
}

/* records.compact: the same value with its keys and short texts interned. Values
 * that crossed from a worker process arrive as fresh copies; sharing them again
 * here costs a hundredth of what the Python version does. */
static PyObject *compact(PyObject *module, PyObject *value)
{
    if (PyUnicode_CheckExact(value)) {
        Py_INCREF(value);
        if (PyUnicode_GET_LENGTH(value) <= INTERN_UP_TO)
            PyUnicode_InternInPlace(&value);
        return value;
    }
    if (PyList_CheckExact(value)) {
        Py_ssize_t size = PyList_GET_SIZE(value);
        PyObject *items = PyList_New(size);
        if (items == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < size; i++) {
            PyObject *item = compact(module, PyList_GET_ITEM(value, i));
            if (item == NULL) {
                Py_DECREF(items);
                return NULL;
            }
            PyList_SET_ITEM(items, i, item);
        }
        return items;
    }
    if (PyDict_CheckExact(value)) {
        PyObject *result = PyDict_New(), *key, *item;
        Py_ssize_t position = 0;
        if (result == NULL)
            return NULL;
        while (PyDict_Next(value, &position, &key, &item)) {
            PyObject *shared = compact(module, item);
            if (shared == NULL) {
                Py_DECREF(result);
                return NULL;
            }
            Py_INCREF(key);
            if (PyUnicode_CheckExact(key))
                PyUnicode_InternInPlace(&key);
            int failed = PyDict_SetItem(result, key, shared) < 0;
            Py_DECREF(key);
            Py_DECREF(shared);
            if (failed) {
                Py_DECREF(result);
                return NULL;
            }
        }
        return result;
    }
    Py_INCREF(value);
    return value;
}

static PyMethodDef methods[] = {
    {"compact", compact, METH_O, "compact(value): keys and texts of at most 40 characters interned."},
    {"load", load, METH_VARARGS,
     "load(raw, max_depth, max_values): the record's value, or None when unsure."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_plainyaml",
                                    "Compiled fast reader for the plain YAML subset.", -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__plainyaml(void)
{
    classify();
    return PyModule_Create(&module);
}
