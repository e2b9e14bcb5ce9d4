/* The fast reader behind fastyaml.read: the plain subset of YAML that records use.
 *
 * It reads a record file's raw bytes and returns its value, or None whenever the
 * bytes leave the subset or hold anything the strict loader (or its decoding step)
 * might refuse; the caller then runs the strict loader, which alone decides what is
 * wrong and where. tests/test_fastyaml.py holds it to the strict loader. Keys and
 * short texts come back interned, as records.compact would make them, so 100,000
 * records share one copy of each field name, date and id.
 */
#include "_plainyaml.h"

#include <string.h>

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

static int is_word_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static int is_word(char c) { return is_word_start(c) || (c >= '0' && c <= '9'); }

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
    if (i - at > MAX_KEY_LENGTH || i >= line->length || s[i] != ':')
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
        if (plain_reserved_word(key_start, key_length))
            goto unsure; /* keys YAML reads as null or true: the strict loader reports them */
        PyObject *key = plain_text(key_start, key_length, PY_SSIZE_T_MAX);
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
        } else if (plain_equals(rest, rest_length, "|") || plain_equals(rest, rest_length, "|-"))
            value = literal(r, indent, rest_length == 1);
        else
            value = plain_scalar(rest, rest_length);
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
            item = plain_scalar(rest, rest_length);
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
    PyObject *value = plain_text(buffer, length, INTERN_UP_TO);
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
    if (!content || !plain_clean_utf8((const unsigned char *)s, n))
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
    Reader reader = {lines, count, 0, max_depth < HARDEST_MAX_DEPTH ? max_depth : HARDEST_MAX_DEPTH,
                     max_values - 1};
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

static PyMethodDef methods[] = {
    {"compact", plain_compact, METH_O, "compact(value): keys and texts of at most 40 characters interned."},
    {"load", load, METH_VARARGS,
     "load(raw, max_depth, max_values): the record's value, or None when unsure."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_plainyaml",
                                    "Compiled fast reader for the plain YAML subset.", -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__plainyaml(void)
{
    plain_classify();
    return PyModule_Create(&module);
}
